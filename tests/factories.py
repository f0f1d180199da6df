import factory

from monitoring.models import SdgGoal, SdgTarget
from priorities.models import Objective, Priority


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority

    number = factory.Sequence(lambda n: 10 + n)
    title = factory.Sequence(lambda n: f"Test priority {n}")
    goal = "a goal written for a test"


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    priority = factory.SubFactory(PriorityFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Test objective {n}")
    description = "described for a test"


class SdgGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SdgGoal

    number = factory.Sequence(lambda n: 18 + n)
    title = factory.Sequence(lambda n: f"Test goal {n}")


class SdgTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SdgTarget

    goal = factory.SubFactory(SdgGoalFactory)
    code = factory.Sequence(lambda n: f"T.{n}")
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Test target {n}")
