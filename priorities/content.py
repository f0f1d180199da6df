"""The Vision's nine strategic priorities and 34 objectives, from priorities/data/.

Each objective's title is the bold headline of its ✓ line in the Vision and its
description the rest of that line, kept exactly (it may begin with a comma when the
headline runs on into the sentence). Only missing rows are created, never overwritten.
"""

import json
from pathlib import Path

from vision.content import fill_translation, translated

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_priorities(language: str = "") -> list[dict]:
    """The priorities; with a language, their translation (priorities.ru.json)."""
    name = f"priorities.{language}.json" if language else "priorities.json"
    with open(DATA_DIR / name, encoding="utf-8") as f:
        return json.load(f)["priorities"]


def load_priorities(apps) -> None:
    Priority = apps.get_model("priorities", "Priority")
    Objective = apps.get_model("priorities", "Objective")
    for entry in read_priorities():
        priority, _ = Priority.objects.get_or_create(
            number=entry["number"],
            defaults={**translated("title", entry["title"]), **translated("goal", entry["goal"])},
        )
        for position, objective in enumerate(entry["objectives"], start=1):
            Objective.objects.get_or_create(
                priority=priority,
                position=position,
                defaults={
                    **translated("title", objective["title"]),
                    **translated("description", objective["description"]),
                },
            )


def load_priorities_translation(apps, language: str = "ru") -> None:
    """The translated priorities and objectives, where a row has no translation yet."""
    Priority = apps.get_model("priorities", "Priority")
    priorities = {p.number: p for p in Priority.objects.prefetch_related("objectives")}
    for entry in read_priorities(language):
        priority = priorities.get(entry["number"])
        if priority is None:
            continue
        fill_translation(priority, language, {"title": entry["title"], "goal": entry["goal"]})
        objectives = {objective.position: objective for objective in priority.objectives.all()}
        for position, objective in enumerate(entry["objectives"], start=1):
            if position in objectives:
                fill_translation(
                    objectives[position],
                    language,
                    {"title": objective["title"], "description": objective["description"]},
                )
