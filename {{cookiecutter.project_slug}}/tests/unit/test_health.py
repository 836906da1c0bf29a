"""The probes on a stand-in session: the database answers, or fails in the middle of a request."""

from unittest.mock import create_autospec

from fastapi import Response
from sqlalchemy.exc import OperationalError
from sqlmodel.ext.asyncio.session import AsyncSession

from backend.health import Health, Liveness, live, ready


class TestLive:
    async def test_live_when_called_reports_ok_without_a_session(self) -> None:
        # Act
        result = await live()

        # Assert
        assert result == Liveness(status="ok")


class TestReady:
    async def test_ready_when_query_answers_reports_ok(self) -> None:
        # Arrange
        session = create_autospec(AsyncSession, instance=True)
        session.scalar.return_value = 1
        response = Response()

        # Act
        result = await ready(session, response)

        # Assert
        assert result == Health(status="ok", database="ok")
        assert response.status_code == 200
        assert "retry-after" not in response.headers
        session.rollback.assert_not_awaited()

    async def test_ready_when_query_fails_rolls_back_and_reports_unavailable(self) -> None:
        # Arrange
        session = create_autospec(AsyncSession, instance=True)
        session.scalar.side_effect = OperationalError("SELECT 1", {}, Exception("server closed the connection"))
        response = Response()

        # Act
        result = await ready(session, response)

        # Assert
        assert result == Health(status="unavailable", database="unreachable")
        assert response.status_code == 503
        session.rollback.assert_awaited_once_with()
