import factory

from accounts.models import Role, User

TEST_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"designer{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@studio.test")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = Role.JUNIOR
    password = factory.django.Password(TEST_PASSWORD)


class LeadFactory(UserFactory):
    role = Role.LEAD
