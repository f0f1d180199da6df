"""The load of `manage.py soak`, run by it in a process of its own: importing locust
patches the process with gevent, which must stay away from Django's database connections.
Imports nothing from Django.

    python -m tools.soak_load CONFIG.json RESULTS.json

Reporters start reports, save drafts and submit; reviewers approve what is waiting;
visitors read dashboards and the API as fast as the servers answer. Every value a reporter
saw accepted, and every approval a reviewer saw accepted, is written to RESULTS.json with
locust's figures, for the command to compare with the database.
"""

import json
import random
import re
import sys
import time
from pathlib import Path

import gevent
from locust import HttpUser, between, constant, constant_pacing, events, task
from locust.env import Environment
from locust.exception import RescheduleTask

TIMEOUT = 60
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
REVIEW_LINK = re.compile(r'href="/review/(\d+)/"')

config: dict = {}
# What the servers confirmed, as the reporters and reviewers saw it.
reports: dict[str, dict] = {}
approved: list[int] = []
server_errors: list[str] = []
# Writers finish the report or approval they started before the run ends.
state = {"stopping": False, "busy": 0}


@events.request.add_listener
def count_server_errors(request_type, name, response, exception, **kwargs):
    status = getattr(response, "status_code", 0) if response is not None else 0
    if status >= 500 or (exception is not None and not status):
        server_errors.append(f"{request_type} {name}: {status or exception}")


class Writer(HttpUser):
    abstract = True
    accounts: list = []

    def on_start(self):
        self.account = self.accounts.pop()
        self.client.cookies.set(config["session_cookie"], self.account["session"])

    def form(self, path: str, name: str) -> tuple[str, str]:
        """The page's CSRF token and the page itself."""
        with self.client.get(path, name=name, timeout=TIMEOUT, catch_response=True) as page:
            found = CSRF.search(page.text)
            if page.status_code != 200 or not found:
                page.failure(f"no form at {path} ({page.status_code})")
                raise RescheduleTask
            return found.group(1), page.text

    def post(self, path: str, data: dict, name: str, expect: str) -> bool:
        """POST a form; success when the redirect lands on `expect`."""
        with self.client.post(
            path, data=data, name=name, timeout=TIMEOUT, catch_response=True
        ) as response:
            landed = response.url.split(self.host, 1)[-1].split("?")[0]
            if response.status_code == 200 and re.fullmatch(expect, landed):
                return True
            response.failure(f"{name}: {response.status_code} at {landed}")
            return False

    @task
    def one_round(self):
        if state["stopping"]:
            gevent.sleep(1)
            return
        state["busy"] += 1
        try:
            self.work()
        finally:
            state["busy"] -= 1


class Reporter(Writer):
    """An editor filling one report after another: two drafts, then the submission."""

    abstract = True
    wait_time = constant_pacing(1)

    def on_start(self):
        super().on_start()
        self.periods = list(self.account["periods"])
        self.rng = random.Random(self.account["user"])

    def values(self) -> dict[str, str]:
        values = {}
        for indicator, unit in self.account["indicators"]:
            if unit == "percent":
                values[str(indicator)] = f"{self.rng.randint(0, 1000) / 10}"
            elif unit == "scale":
                values[str(indicator)] = str(self.rng.randint(1, 5))
            elif unit == "yes_no":
                values[str(indicator)] = self.rng.choice("01")
            else:
                values[str(indicator)] = str(self.rng.randint(0, 100000))
        return values

    def work(self):
        if not self.periods:
            gevent.sleep(1)  # every period reported: nothing left to write
            return
        period = self.periods.pop(0)
        token, _page = self.form("/todo/", "to do")
        with self.client.post(
            "/reports/start/",
            data={
                "csrfmiddlewaretoken": token,
                "organization": self.account["organization"],
                "roadmap": self.account["roadmap"],
                "period": period,
            },
            name="start a report",
            timeout=TIMEOUT,
            catch_response=True,
        ) as started:
            found = re.search(r"/reports/(\d+)/$", started.url)
            if started.status_code != 200 or not found:
                started.failure(f"start: {started.status_code} at {started.url}")
                return
        report = found.group(1)
        path = f"/reports/{report}/"
        for button in ("save", "save", "submit"):
            token, page = self.form(path, "report form")
            values = self.values()
            data = {
                "csrfmiddlewaretoken": token,
                "version": VERSION.search(page).group(1),
                "narrative": f"Soak report {report}, {button}.",
                button: "",
                **{f"i{indicator}-value": value for indicator, value in values.items()},
            }
            expect = path if button == "save" else "/todo/"  # a submit goes back to To do
            if not self.post(path, data, f"report: {button}", expect):
                return
            reports[report] = {
                "status": "submitted" if button == "submit" else "draft",
                "values": values,
            }


class Reviewer(Writer):
    """A country coordinator approving what waits for review."""

    abstract = True
    wait_time = between(0.5, 1.5)

    def work(self):
        _token, page = self.form("/review/", "review queue")
        for report in list(dict.fromkeys(REVIEW_LINK.findall(page)))[:3]:
            path = f"/review/{report}/"
            token, _page = self.form(path, "review page")
            data = {"csrfmiddlewaretoken": token, "action": "approve"}
            if self.post(path, data, "review: approve", "/review/"):
                approved.append(int(report))


class Visitor(HttpUser):
    """Anyone reading the public dashboards and the API, without pause."""

    abstract = True
    wait_time = constant(0)

    @task
    def read(self):
        if state["stopping"]:
            gevent.sleep(1)
            return
        url = random.choice(config["public_urls"])
        self.client.get(url, name=url.split("?")[0], timeout=TIMEOUT)


def main(config_path: str, results_path: str) -> None:
    config.update(json.loads(Path(config_path).read_text()))
    Reporter.accounts = list(config["reporters"])
    Reviewer.accounts = list(config["reviewers"])
    Reporter.wait_time = constant_pacing(config["reporter_pacing"])
    classes = []
    for base, count in (
        (Reporter, len(config["reporters"])),
        (Reviewer, len(config["reviewers"])),
        (Visitor, config["visitors"]),
    ):
        if count:
            classes.append(type(base.__name__, (base,), {"fixed_count": count}))
    environment = Environment(user_classes=classes, host=config["host"], events=events)
    runner = environment.create_local_runner()
    users = len(config["reporters"]) + len(config["reviewers"]) + config["visitors"]
    started = time.monotonic()
    runner.start(users, spawn_rate=users)
    gevent.sleep(config["seconds"])
    state["stopping"] = True
    # Writers finish what they began, so that what they saw confirmed is all there is.
    deadline = time.monotonic() + TIMEOUT + 10
    while state["busy"] and time.monotonic() < deadline:
        gevent.sleep(0.2)
    elapsed = time.monotonic() - started
    runner.quit()
    total = environment.stats.total
    results = {
        "seconds": elapsed,
        "requests": total.num_requests,
        "failures": total.num_failures,
        "rps": total.num_requests / elapsed,
        "p50": total.get_response_time_percentile(0.5),
        "p95": total.get_response_time_percentile(0.95),
        "errors": [
            f"{error.method} {error.name}: {error.error} ×{error.occurrences}"
            for error in environment.stats.errors.values()
        ],
        "exceptions": [e["msg"] for e in runner.exceptions.values()],
        "server_errors": server_errors,
        "unfinished_writers": state["busy"],
        "reports": reports,
        "approved": approved,
    }
    Path(results_path).write_text(json.dumps(results))


if __name__ == "__main__":
    main(*sys.argv[1:3])
