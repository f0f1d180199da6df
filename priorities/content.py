"""The Vision's nine strategic priorities and 34 objectives, from priorities/data/.

Each objective's title is the bold headline of its ✓ line in the Vision and its
description the rest of that line, kept exactly (it may begin with a comma when the
headline runs on into the sentence). Only missing rows are created, never overwritten.
"""

import json
from pathlib import Path

from vision.content import translated

DATA_FILE = Path(__file__).resolve().parent / "data" / "priorities.json"


def read_priorities() -> list[dict]:
    with open(DATA_FILE, encoding="utf-8") as f:
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
