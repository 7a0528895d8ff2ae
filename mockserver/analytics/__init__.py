"""Analytics: shop, product, SKU, video and LIVE performance counted from the order book."""
