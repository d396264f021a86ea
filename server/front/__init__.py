"""The HTTP/1.1 front of `jkg serve` (asyncio + httptools): see jkg.server.front.server."""
