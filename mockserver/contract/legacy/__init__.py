"""The legacy Tokopedia Seller API dialect of the contract kit: client-credentials auth with rate-limit pacing,
`fs_id`/`shop_id` pinning, and the `{header, data}` envelope checks. `dialect.LegacyDialect` plugs it into a run."""
