import factory
from django.contrib.auth import get_user_model

from tickets.models import Team


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"customer{n}@example.com")
    email = factory.LazyAttribute(lambda u: u.username if "@" in u.username else f"{u.username}@example.com")
    password = factory.django.Password("correct-horse-battery")


class AgentFactory(UserFactory):
    username = factory.Sequence(lambda n: f"agent{n}")
    is_staff = True

    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def teams(self, create, extracted, **kwargs):
        if not create:
            return
        from tickets.roles import agents_group

        for team in extracted or [Team.objects.get(slug="frontline")]:
            team.members.add(self)
        self.groups.add(agents_group())
