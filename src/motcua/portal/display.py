"""Visitor display preferences (font size "A- A A+", contrast), remembered in cookies, no account needed."""

from dataclasses import dataclass

FONT_COOKIE = "motcua_font"
CONTRAST_COOKIE = "motcua_contrast"
FONT_STEPS = (-1, 0, 1, 2)
ONE_YEAR = 365 * 24 * 3600


@dataclass(frozen=True)
class Display:
    font_step: int = 0
    high_contrast: bool = False

    @property
    def css_classes(self) -> str:
        classes = [f"font-step-{self.font_step}".replace("--", "-m")]
        if self.high_contrast:
            classes.append("high-contrast")
        return " ".join(classes)


def display_from_cookies(cookies: dict[str, str]) -> Display:
    try:
        step = int(cookies.get(FONT_COOKIE, "0"))
    except ValueError:
        step = 0
    if step not in FONT_STEPS:
        step = 0
    return Display(font_step=step, high_contrast=cookies.get(CONTRAST_COOKIE) == "1")


def display_apply(display: Display, action: str) -> Display:
    """The display after pressing one of the controls; unknown actions change nothing."""
    step = display.font_step
    if action == "font-smaller":
        return Display(max(step - 1, FONT_STEPS[0]), display.high_contrast)
    if action == "font-reset":
        return Display(0, display.high_contrast)
    if action == "font-larger":
        return Display(min(step + 1, FONT_STEPS[-1]), display.high_contrast)
    if action == "contrast-more":
        return Display(step, True)
    if action == "contrast-less":
        return Display(step, False)
    return display
