"""Fault injection and the request log: what tests use to make the emulator misbehave."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class LoggedRequest:
    """One request as received: method, decoded path, query (each name → all its values), JSON body."""

    method: str
    path: str
    query: dict[str, list[str]] = field(default_factory=dict)
    body: Any = None


@dataclass
class _Rule:
    """Answer `status` (or sleep `seconds`) on `remaining` more matching requests (None = always).

    `body` replaces Google's JSON error with these exact bytes, sent as `content_type`.
    """

    remaining: int | None
    match: str | None
    status: int = 0
    message: str | None = None
    seconds: float = 0.0
    body: bytes | None = None
    content_type: str | None = None

    def applies(self, path: str) -> bool:
        return (self.remaining is None or self.remaining > 0) and (self.match is None or self.match in path)

    def use(self) -> None:
        if self.remaining is not None:
            self.remaining -= 1


@dataclass(frozen=True)
class Fault:
    """What to do with one request: wait, answer another status or body, send the body slowly."""

    delay: float = 0.0
    status: int | None = None
    message: str | None = None
    body: bytes | None = None
    content_type: str | None = None
    trickle: float = 0.0  # seconds between two bytes of the answer's body; 0 sends it at once


class FaultPlan:
    """Thread-safe rules: one-shot failures first (in order), then standing ones, then delays."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._once: list[_Rule] = []
        self._always: list[_Rule] = []
        self._delays: list[_Rule] = []
        self._trickles: list[_Rule] = []

    def fail_next(self, status: int, times: int, message: str | None, match: str | None) -> None:
        if times < 1:
            raise ValueError("times must be at least 1")
        with self._lock:
            self._once.append(_Rule(times, match, status, message))

    def fail_always(self, status: int, message: str | None, match: str | None) -> None:
        with self._lock:
            self._always.append(_Rule(None, match, status, message))

    def answer_with(
        self, status: int, body: bytes, content_type: str, times: int | None, match: str | None
    ) -> None:
        if times is not None and times < 1:
            raise ValueError("times must be at least 1")
        rule = _Rule(times, match, status, body=body, content_type=content_type)
        with self._lock:
            (self._always if times is None else self._once).append(rule)

    def delay(self, seconds: float, times: int | None, match: str | None) -> None:
        with self._lock:
            self._delays = [] if seconds <= 0 else [_Rule(times, match, seconds=seconds)]

    def trickle(self, seconds: float, times: int | None, match: str | None) -> None:
        with self._lock:
            self._trickles = [] if seconds <= 0 else [_Rule(times, match, seconds=seconds)]

    def clear(self) -> None:
        with self._lock:
            for rules in (self._once, self._always, self._delays, self._trickles):
                rules.clear()

    def take(self, path: str) -> Fault:
        """The fault for a request to `path`, counting it against the rules it uses."""
        with self._lock:
            delay = next((r for r in self._delays if r.applies(path)), None)
            trickle = next((r for r in self._trickles if r.applies(path)), None)
            failure = next((r for r in self._once + self._always if r.applies(path)), None)
            for rule in (delay, trickle, failure):
                if rule is not None:
                    rule.use()
            self._once = [r for r in self._once if r.remaining]
        wait, slow = (delay.seconds if delay else 0.0), (trickle.seconds if trickle else 0.0)
        if failure is None:
            return Fault(wait, trickle=slow)
        return Fault(wait, failure.status, failure.message, failure.body, failure.content_type, slow)
