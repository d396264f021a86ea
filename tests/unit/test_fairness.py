"""The fair line as a table: who gets a free worker, who waits, and who is refused (503 or 429)."""

from __future__ import annotations

import pytest

from jkg.server.fairness import ClientOverShare, FairLine, Overloaded, Ticket
from jkg.server.front.clients import Proxies, network_of


def line_with(workers: int, waiting: int = 8, client_waiting: int = 2, client_running: int = 0) -> FairLine[str]:
    line: FairLine[str] = FairLine(workers, waiting, client_waiting, client_running or max(1, workers - 1))
    for n in range(workers):
        line.give(f"w{n}")
    return line


def served(tickets: list[Ticket[str]]) -> list[bool]:
    return [t.ready.is_set() for t in tickets]


def test_a_lone_client_uses_all_workers_but_one_and_waits_for_the_rest() -> None:
    line = line_with(3)
    a = [line.join("A") for _ in range(5)]
    assert served(a) == [True, True, False, False, False]  # never refused: it waits


def test_a_newcomer_gets_the_free_worker_at_once() -> None:
    line = line_with(3)
    for _ in range(4):
        line.join("A")
    b = line.join("B")
    assert b.ready.is_set() and b.worker == "w0"


def test_a_freed_worker_goes_to_the_client_with_fewest_running() -> None:
    line = line_with(2, client_running=2)
    a = [line.join("A") for _ in range(3)]  # A runs on both workers, one waits
    b = line.join("B")  # arrives after A's third
    assert served(a) == [True, True, False] and not b.ready.is_set()
    line.finished("A")
    line.give(a[0].worker or "")
    assert b.ready.is_set() and not a[2].ready.is_set(), "B (0 running) before A (1 running), though later"


def test_one_over_its_share_while_others_wait_is_refused_with_429() -> None:
    line = line_with(2, client_waiting=2)
    for _ in range(3):
        line.join("A")  # 1 running, 2 waiting: alone, so fine
    line.join("B")  # B runs on the worker kept free
    line.join("B")  # and now waits
    with pytest.raises(ClientOverShare):
        line.join("A")
    line.join("C")  # C has nothing waiting yet: not over its share


def test_a_full_line_is_refused_with_503() -> None:
    line = line_with(1, waiting=2, client_waiting=10)
    line.join("A")
    line.join("A")
    line.join("B")
    with pytest.raises(Overloaded):
        line.join("C")


def test_no_waiting_line_still_runs_on_an_idle_worker() -> None:
    line = line_with(1, waiting=0)
    assert line.join("A").ready.is_set()
    with pytest.raises(Overloaded):
        line.join("B")


def test_a_worker_being_restarted_is_waited_for_even_with_no_waiting_line() -> None:
    line: FairLine[str] = FairLine(1, 0, 2, 1)  # its one worker is being restarted: none idle
    ticket = line.join("A")
    assert not ticket.ready.is_set()
    line.give("w0")
    assert ticket.ready.is_set()


def test_leaving_the_line_and_a_worker_handed_over_meanwhile() -> None:
    line = line_with(1, client_running=1)
    first = line.join("A")
    second = line.join("A")
    assert line.leave(second) is None and line.waiting() == 0
    third = line.join("B")
    line.finished("A")
    line.give(first.worker or "")
    assert line.leave(third) == "w0", "a ticket served just before it left gets its worker back to give on"


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("192.0.2.7", "192.0.2.7"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:db8:1:2::ffff", "2001:db8:1:2::/64"),
        ("::ffff:192.0.2.7", "192.0.2.7"),
        ("fe80::1%eth0", "fe80::/64"),
        ("not an address", "not an address"),
    ],
)
def test_clients_are_addresses_and_ipv6_hosts_are_their_64(address: str, key: str) -> None:
    assert network_of(address) == key


@pytest.mark.parametrize(
    ("trusted", "peer", "forwarded", "client"),
    [
        ("", "127.0.0.1", "203.0.113.9", "127.0.0.1"),  # nobody is trusted by default
        ("127.0.0.1", "127.0.0.1", "203.0.113.9", "203.0.113.9"),
        ("127.0.0.1", "127.0.0.1", "10.1.1.1, 203.0.113.9", "203.0.113.9"),  # the hop our proxy added
        ("127.0.0.1", "192.0.2.1", "203.0.113.9", "192.0.2.1"),  # not from the proxy: ignored
        ("10.0.0.0/8", "10.2.3.4", "2001:db8::1", "2001:db8::1"),
        ("127.0.0.1", "127.0.0.1", "garbage", "127.0.0.1"),
        ("127.0.0.1", "127.0.0.1", None, "127.0.0.1"),
    ],
)
def test_forwarded_for_is_believed_only_from_a_configured_proxy(
    trusted: str, peer: str, forwarded: str | None, client: str
) -> None:
    assert Proxies.parse(trusted).client(peer, forwarded) == client


def test_a_bad_proxy_setting_is_refused() -> None:
    with pytest.raises(ValueError, match="trusted_proxy"):
        Proxies.parse("localhost")
