import factory

from monitoring.models import SdgGoal, SdgTarget
from priorities.models import Objective, Priority
from vision.models import Country


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


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "organizations.User"
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"person{n}")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("a-long-test-password")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "organizations.Organization"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    country = factory.LazyFunction(lambda: Country.objects.get(code="KG"))
    city = "Bishkek"
    kind = "ngo"
    description = "Works for a test."
    status = "member"

    @factory.post_generation
    def priorities(self, create, extracted, **kwargs):
        if create and extracted:
            self.priorities.set(extracted)

    @factory.post_generation
    def sdg_goals(self, create, extracted, **kwargs):
        if create and extracted:
            self.sdg_goals.set(extracted)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "organizations.Membership"

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = "editor"
