from django import template

from elections.text import render_markdown, render_plain

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str):
    return render_markdown(text)


@register.filter(name="plaintext")
def plaintext_filter(text: str):
    return render_plain(text)
