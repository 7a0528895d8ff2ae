// /docs: Swagger UI over the mock's two OpenAPI documents, with "Try it out" requests signed by the mock.
//
// Partner API requests get app_key, timestamp, shop_cipher (where the operation takes one), the seeded access
// token and a `sign` computed by the mock's own POST /_mock/sign: no secret is handled here. Legacy requests get a
// Bearer token from POST /token with the seeded client credentials. Both need the control plane (/_mock/apps);
// without it, requests go out as typed.
(function () {
  "use strict";

  const DOCS = [
    { url: "/openapi.json", name: "TikTok Shop Partner API" },
    { url: "/legacy/openapi.json", name: "Tokopedia Seller API (legacy)" },
  ];
  const UNSIGNED = /^\/(_mock\/|api\/v2\/token\/|open\/authorize|oauth\/authorize)/;
  const toggle = document.getElementById("sign-requests");
  // The control plane's token, when the mock is not on loopback (the page shows the field then).
  const tokenField = document.getElementById("control-token");
  const tokenStatus = document.getElementById("control-token-status");
  const TOKEN_KEY = "tokopedia-mock-control-token";
  if (tokenField) {
    tokenField.value = sessionStorage.getItem(TOKEN_KEY) || "";
    tokenField.addEventListener("change", () => {
      sessionStorage.setItem(TOKEN_KEY, tokenField.value.trim());
      seeded = null; // read /_mock/apps again with the new token
      if (tokenStatus) tokenStatus.textContent = "";
    });
  }
  let seeded = null; // Promise of {app_key, access_token, shop_cipher, legacy}
  let partnerRoutes = null; // Promise of [{method, pattern, cipher}]
  let legacyToken = null; // Promise of a Bearer token

  function json(url, init) {
    init = init || {};
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token && url.startsWith("/_mock/")) {
      init.headers = Object.assign({}, init.headers, { "x-mock-control-token": token });
    }
    return fetch(url, init).then((r) => {
      if (r.status === 401 && url.startsWith("/_mock/") && tokenStatus) {
        tokenStatus.textContent = "The control plane refused the token: requests go out unsigned.";
      }
      if (!r.ok) throw new Error(url + " answered " + r.status);
      return r.json();
    });
  }

  function credentials() {
    seeded = seeded || json("/_mock/apps").then((body) => {
      const app = body.data.apps[0];
      const shop = app.shops.find((s) => s.authorized && s.access_token);
      return { app_key: app.app_key, access_token: shop.access_token, shop_cipher: shop.cipher, legacy: app.legacy };
    });
    return seeded;
  }

  function routes() {
    partnerRoutes = partnerRoutes || json("/openapi.json").then((doc) => {
      const out = [];
      for (const [path, item] of Object.entries(doc.paths)) {
        const pattern = new RegExp("^" + path.replace(/\{[^}]+\}/g, "[^/]+") + "$");
        for (const [method, op] of Object.entries(item)) {
          out.push({ method: method.toUpperCase(), pattern, cipher: op["x-shop-cipher"] || "forbidden" });
        }
      }
      return out;
    });
    return partnerRoutes;
  }

  async function signPartner(req, url) {
    const [creds, table] = await Promise.all([credentials(), routes()]);
    const route = table.find((r) => r.method === req.method.toUpperCase() && r.pattern.test(url.pathname));
    url.searchParams.set("app_key", creds.app_key);
    url.searchParams.set("timestamp", String(Math.floor(Date.now() / 1000)));
    if (route && route.cipher !== "forbidden" && !url.searchParams.get("shop_cipher")) {
      url.searchParams.set("shop_cipher", creds.shop_cipher);
    }
    url.searchParams.delete("sign");
    const multipart = typeof req.body !== "string" && req.body != null;
    const query = {};
    url.searchParams.forEach((value, key) => (query[key] = value));
    const signed = await json("/_mock/sign", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        path: url.pathname,
        query,
        body: multipart ? "" : req.body || "",
        app_key: creds.app_key,
        multipart,
      }),
    });
    url.searchParams.set("sign", signed.data.sign);
    req.url = url.toString();
    req.headers["x-tts-access-token"] = req.headers["x-tts-access-token"] || creds.access_token;
    return req;
  }

  async function authorizeLegacy(req) {
    if (req.headers.Authorization || req.headers.authorization) return req;
    const creds = await credentials();
    if (!creds.legacy) return req;
    legacyToken = legacyToken || json("/token?grant_type=client_credentials", {
      method: "POST",
      headers: { Authorization: "Basic " + btoa(creds.legacy.client_id + ":" + creds.legacy.client_secret) },
    }).then((body) => body.access_token);
    req.headers.Authorization = "Bearer " + (await legacyToken);
    return req;
  }

  async function intercept(req) {
    if (req.loadSpec || !toggle || !toggle.checked) return req; // the documents themselves go out as they are
    const url = new URL(req.url, window.location.origin);
    if (url.origin !== window.location.origin || UNSIGNED.test(url.pathname) || url.pathname === "/token") {
      return req;
    }
    try {
      const spec = window.ui.specSelectors.url() || "";
      return spec.endsWith("/legacy/openapi.json") ? await authorizeLegacy(req) : await signPartner(req, url);
    } catch (err) {
      console.warn("tokopedia-mock: request left unsigned:", err);
      return req;
    }
  }

  const wanted = new URLSearchParams(window.location.search).get("api");
  window.ui = SwaggerUIBundle({
    urls: DOCS,
    "urls.primaryName": wanted === "legacy" ? DOCS[1].name : DOCS[0].name,
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: "StandaloneLayout",
    validatorUrl: null, // the default validator badge calls an online service
    docExpansion: "none",
    defaultModelsExpandDepth: 0,
    displayOperationId: true,
    filter: true,
    requestInterceptor: intercept,
  });
})();
