from django import template

from elections.text import plain_excerpt, render_markdown, render_plain

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str, top_heading=1):
    """``{{ text|markdown }}``, or ``{{ text|markdown:3 }}`` to start the author's headings at h3."""
    return render_markdown(text, top_heading=int(top_heading))


@register.filter(name="plaintext")
def plaintext_filter(text: str):
    return render_plain(text)


@register.filter(name="excerpt")
def excerpt_filter(text: str, words=20):
    """``{{ body|excerpt:20 }}``: the first words of user Markdown as plain text (escaped by the template)."""
    return plain_excerpt(text, words=int(words))
