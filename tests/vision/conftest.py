from tests.monitoring.conftest import reporting  # noqa: F401 - shared fixtures
from tests.monitoring.rating import rating  # noqa: F401 - a shared fixture
from tests.monitoring.states import report_states  # noqa: F401
