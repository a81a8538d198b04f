"""Driver errors become the package's errors: a server that goes away, comes back, or refuses."""

from __future__ import annotations

import neo4j
import pytest

from catalog.domain.models import Processor
from catalog.domain.register import EntityKind, Register
from catalog.errors import StoreError, StoreUnavailableError
from catalog.store.neo4j_store import Neo4jStore
from tests.conftest import Neo4jTarget
from tools.neo4j_server import Neo4jServer

pytestmark = pytest.mark.neo4j


def test_a_server_that_goes_away_mid_session_and_comes_back(seed_register: Register) -> None:
    server = Neo4jServer().start()
    port = server.port
    # Short retry window: the managed transactions retry, but the test should not wait 15 s.
    driver = neo4j.GraphDatabase.driver(
        server.uri, connection_timeout=2.0, max_transaction_retry_time=2.0, notifications_min_severity="OFF"
    )
    store = Neo4jStore(driver, display_url=server.uri)
    try:
        store.replace_register(seed_register)
        server.stop()

        with pytest.raises(
            StoreUnavailableError, match=r"cannot reach the Neo4j server at bolt://127\.0\.0\.1"
        ) as read:
            store.load_register()
        assert "\n" not in str(read.value)
        late = Processor(
            key="late-processor",
            legal_name="Late AS",
            service_category="other",
            established_in="NO",
            processing_locations=["NO"],
        )
        with pytest.raises(StoreUnavailableError, match="nothing was changed"):
            store.put_entity(late, expected_version=None)

        server = Neo4jServer(port=port).start()  # same address, fresh (empty) database
        assert store.is_empty()
        assert store.get_entity(EntityKind.PROCESSOR, "late-processor") is None
        store.replace_register(seed_register)
        assert store.load_register().sorted() == seed_register.sorted()
    finally:
        driver.close()
        server.stop()


def test_a_server_error_becomes_a_store_error(neo4j_target: Neo4jTarget) -> None:
    store = Neo4jStore(neo4j_target.driver, "no-such-database", display_url=neo4j_target.uri)
    with pytest.raises(StoreError, match=r"failed while checking whether the store is empty: Neo\.") as info:
        store.is_empty()
    assert "\n" not in str(info.value)
