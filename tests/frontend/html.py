"""A small HTML reader for tests: elements with their attributes, ancestors and text.

Built on the standard library's html.parser, so tests can ask "is there a fieldset with a
legend around these radios?" or "does every error-summary link point at a real id?".
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict[str, str | None]
    parent: Element | None
    children: list[Element] = field(default_factory=list)
    text_parts: list[str] = field(default_factory=list)

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    @property
    def id(self) -> str | None:
        return self.attrs.get("id")

    @property
    def text(self) -> str:
        return " ".join("".join(self.text_parts).split())

    def has_class(self, name: str) -> bool:
        return name in self.classes

    def ancestors(self) -> list[Element]:
        found = []
        node = self.parent
        while node is not None:
            found.append(node)
            node = node.parent
        return found

    def closest(self, tag: str | None = None, cls: str | None = None) -> Element | None:
        for node in self.ancestors():
            if (tag is None or node.tag == tag) and (cls is None or node.has_class(cls)):
                return node
        return None

    def descendants(self) -> list[Element]:
        found = []
        for child in self.children:
            found.append(child)
            found.extend(child.descendants())
        return found

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Element]:
        return [e for e in self.descendants() if _matches(e, tag, cls, attrs)]

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Element | None:
        found = self.find_all(tag, cls, **attrs)
        return found[0] if found else None


def _matches(element: Element, tag: str | None, cls: str | None, attrs: dict[str, str]) -> bool:
    if tag is not None and element.tag != tag:
        return False
    if cls is not None and not element.has_class(cls):
        return False
    # Python names for attributes: for_ is "for", aria_describedby is "aria-describedby".
    return all(element.attrs.get(name.rstrip("_").replace("_", "-")) == value for name, value in attrs.items())


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {}, None)
        self.open: list[Element] = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs), self.open[-1])
        self.open[-1].children.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs), self.open[-1])
        self.open[-1].children.append(element)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.open) - 1, 0, -1):
            if self.open[index].tag == tag:
                del self.open[index:]
                return

    def handle_data(self, data: str) -> None:
        for element in self.open:
            element.text_parts.append(data)


class Page:
    def __init__(self, html: str) -> None:
        builder = _Builder()
        builder.feed(html)
        builder.close()
        self.html = html
        self.root = builder.root

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Element]:
        return self.root.find_all(tag, cls, **attrs)

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Element | None:
        return self.root.find(tag, cls, **attrs)

    def by_id(self, element_id: str) -> Element | None:
        for element in self.root.descendants():
            if element.id == element_id:
                return element
        return None

    def duplicate_ids(self) -> list[str]:
        counts = Counter(e.id for e in self.root.descendants() if e.id)
        return [element_id for element_id, count in counts.items() if count > 1]

    @property
    def title(self) -> str:
        title = self.find("title")
        return title.text if title else ""

    @property
    def main(self) -> Element:
        main = self.find("main")
        assert main is not None, "the page has no <main>"
        return main

    def error_summary_links(self) -> list[str]:
        summary = self.find("div", cls="govuk-error-summary")
        if summary is None:
            return []
        return [str(a.attrs.get("href") or "") for a in summary.find_all("a")]

    def broken_error_summary_links(self) -> list[str]:
        """Links in the error summary whose target id is not on the page (or is not a control)."""
        broken = []
        for href in self.error_summary_links():
            target = self.by_id(href.removeprefix("#")) if href.startswith("#") else None
            if target is None or target.tag not in {"input", "textarea", "select"}:
                broken.append(href)
        return broken
