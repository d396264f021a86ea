"""Who a client is, for connection caps and fair sharing: its address, an IPv6 client by its /64 (one host
usually holds a whole /64), and behind a configured proxy the address that proxy puts last in X-Forwarded-For.
Forwarded headers from anyone else are ignored."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass


def network_of(address: str) -> str:
    """The key of one client address: itself for IPv4, its /64 for IPv6 (IPv4-mapped ones as IPv4)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


@dataclass(frozen=True)
class Proxies:
    """The reverse proxies whose X-Forwarded-For is believed (none by default)."""

    networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()

    @classmethod
    def parse(cls, text: str) -> Proxies:
        """From a setting: addresses or networks separated by commas or spaces ("127.0.0.1, 10.0.0.0/8")."""
        items = [part for part in text.replace(",", " ").split() if part]
        try:
            return cls(tuple(ipaddress.ip_network(item, strict=False) for item in items))
        except ValueError as e:
            raise ValueError(
                f"trusted_proxy: {e}; give addresses or networks such as 127.0.0.1 or 10.0.0.0/8"
            ) from None

    def trusts(self, peer: str) -> bool:
        if not self.networks:
            return False
        try:
            ip = ipaddress.ip_address(peer.split("%", 1)[0])
        except ValueError:
            return False
        return any(ip in net for net in self.networks)

    def client(self, peer: str, forwarded_for: str | None) -> str:
        """The client's address: the peer's, or behind a trusted proxy the last address the proxy added."""
        if forwarded_for and self.trusts(peer):
            last = forwarded_for.rsplit(",", 1)[-1].strip()
            try:
                return str(ipaddress.ip_address(last))
            except ValueError:
                return peer  # a proxy that sends garbage is not believed
        return peer
