import pytest

from messaging.rendering import TemplateError, template_check, template_render


def test_placeholders_are_replaced_by_their_text():
    assert template_render("Hi {customer_name}, {order_title}!", {"customer_name": "Ada", "order_title": "Gown"}) == (
        "Hi Ada, Gown!"
    )


@pytest.mark.parametrize("name", ["{{7*7}}", "{% now 'Y' %}", "<script>alert(1)</script>", "{customer_name}"])
def test_values_are_shown_as_written_never_interpreted(name):
    assert template_render("Hello {customer_name}.", {"customer_name": name}) == f"Hello {name}."


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Hi {nope}", "{nope}"),
        ("Hi {customer_name", "'{'"),
        ("Hi customer_name}", "'}'"),
        ("{{customer_name}}", "'{'"),
        ("{% if x %}", "{% if x %}"),
        ("{customer_name.__class__}", "{customer_name.__class__}"),
    ],
)
def test_unknown_placeholders_and_unbalanced_braces_are_named(text, named):
    with pytest.raises(TemplateError) as refused:
        template_check(text)
    assert named in str(refused.value)
