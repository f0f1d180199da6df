from tests.monitoring.conftest import reporting  # noqa: F401 - shared fixture
