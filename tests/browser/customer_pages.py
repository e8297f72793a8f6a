"""Browser contexts for the customer pages at a phone's or a desktop's width, in either language,
signed in or not, failing the test on a JavaScript error or a Content-Security-Policy violation."""

from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.test import Client

SHOTS = Path("/tmp/shots-customer")
LOCALES = {"en": "en-GB", "zh-hans": "zh-CN"}
# Is anything wider than the viewport (a page that scrolls sideways on a phone)?
OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')].filter(el => {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return false;
    let node = el.parentElement;
    while (node && node !== document.body) {  // inside a scrolling box is fine (a wide table)
      const style = getComputedStyle(node);
      if (style.overflowX === 'auto' || style.overflowX === 'scroll' || style.overflowX === 'hidden') return false;
      node = node.parentElement;
    }
    return box.right > width + 1;
  });
  return {page: document.documentElement.scrollWidth, width,
          wide: wide.slice(0, 5).map(el => el.tagName + '.' + el.className + ' '
                                     + Math.round(el.getBoundingClientRect().right))};
}"""


@contextmanager
def customer_page(chromium, live_server, *, width=360, language="en", user=None, height=780):
    context = chromium.new_context(viewport={"width": width, "height": height}, locale=LOCALES[language])
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        yield page
    finally:
        context.close()
    assert not errors, f"JavaScript errors or CSP violations: {errors}"


def fits(page) -> None:
    """Nothing on the page is wider than the viewport."""
    result = page.evaluate(OVERFLOW_JS)
    assert result["page"] <= result["width"], result
    assert not result["wide"], result


def shot(page, name: str, language: str, width: int) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{language}-{width}.png"), full_page=True)
