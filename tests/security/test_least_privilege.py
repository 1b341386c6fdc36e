"""Three roles the matrix cannot tell apart: a curator given a photographer's photos, one not given them, and a
photographer who may only read someone else's exhibition. Each rule of tests/security/routes.py RULES: the answer,
no write unless allowed, and no private word on the page. The world is tests/security/conftest.py's, plus theirs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.security.conftest import World, writes_recorded
from tests.security.routes import RULES, LeastPrivilegeWorld, Rule, least_privilege_world

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def lp(world: World, django_db_blocker) -> Iterator[LeastPrivilegeWorld]:
    # Inside the module's world transaction: rolled back with it.
    with django_db_blocker.unblock():
        yield least_privilege_world(world)


def _outcome(response) -> str:
    return "R" if response.status_code in (301, 302, 303) else str(response.status_code)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: f"{rule.role}-{rule.method}-{rule.name}")
def test_each_role_gets_only_what_sharing_and_collaboration_allow(world, lp, rule: Rule):
    user = lp.roles.get(rule.role) or world.user(rule.role)
    client = Client()
    client.force_login(user)
    path = reverse(rule.name, args=rule.args(world, lp))
    data = rule.data(world, lp) if rule.data else {}
    with transaction.atomic(), writes_recorded() as written:
        response = client.post(path, data) if rule.method == "POST" else client.get(path)
        html = response.content.decode(errors="replace") if not response.streaming else ""
        transaction.set_rollback(True)
    assert _outcome(response) == rule.expected, f"{rule.method} {path} as {rule.role}"
    if not rule.writes:
        assert not written, f"{rule.method} {path} as {rule.role} wrote {written}"
    leaked = [word for word in rule.hidden if word in html]
    assert not leaked, f"{rule.method} {path} as {rule.role} shows {leaked}"
    missing = [word for word in rule.shown if word not in html]
    assert not missing, f"{rule.method} {path} as {rule.role} lacks {missing}"
