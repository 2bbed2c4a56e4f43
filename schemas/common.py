"""Fields and schemas every resource shares: text, languages, dates, pages, problems."""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, post_dump, pre_load, validate

from timeline.dates import parse_dct
from timeline.languages import LANGUAGES, language_code
from timeline.limits import LIMITS
from timeline.text import LOCALE_PATTERN

MAX_ID = 2**63 - 1  # SQLite INTEGER: a larger id cannot exist, and must not reach the driver

STORY_ID = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")


class Text(fields.String):
    """A string that SQLite and UTF-8 can hold: JSON allows lone surrogates ("\\ud800")."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise ValidationError("Not valid Unicode text (lone surrogate).") from None
        return text


def not_blank(value: str) -> None:
    if value and not value.strip():  # "" is Length's to report
        raise ValidationError("Must not be only whitespace.")


def no_nul(value: str) -> None:
    """What is stored holds no NUL: SQLite keeps one, but C-string readers (its FTS
    tokenizer, tools downstream) cut the text there. `timeline ingest` refuses it too."""
    if "\x00" in value:
        raise ValidationError("Must not contain a NUL character.")


def required_text(max_length: int | None = None, *, required: bool = True,
                  stored: bool = True, **kw: Any) -> Text:
    """A non-blank string (documented with a non-space `pattern`), required unless told;
    without NUL characters when it is `stored`."""
    validators = [validate.Length(min=1, error="Must not be empty."), not_blank]
    if stored:
        validators.append(no_nul)
    if max_length is not None:
        validators.append(validate.Length(max=max_length))
    return Text(required=required, validate=validators, metadata={"pattern": r"\S", **kw})


# `allow_none` is the field's own argument: given as metadata (in **kw) it was only documented
# nowhere and "lang": null, "locale": null, "story": null were 422s for optional fields

def locale(*, allow_none: bool = False, **kw: Any) -> fields.String:
    return fields.String(allow_none=allow_none, validate=validate.Regexp(
        LOCALE_PATTERN, error="Must be a BCP 47 tag such as en-GB."), metadata={
        "description": "BCP 47 tag of the article (en-GB); its region decides how numeric "
                       "dates read: 11/07/2024 is 11 July in en-GB, 7 November in en-US "
                       "(the English default).", "example": "en-GB", **kw})


class Language(fields.String):
    """An ISO 639-1 code the extractor reads, loaded as that code: a BCP 47 tag stands for its
    language ("en-GB", "EN", "ar_EG" are en, en, ar), as newsroom systems often send one."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        code = language_code(text)
        if code not in LANGUAGES:
            raise ValidationError(f"Must be one of: {', '.join(LANGUAGES)}.")
        return code


def language(*, allow_none: bool = False, **kw: Any) -> Language:
    return Language(allow_none=allow_none, metadata={
        "description": "ISO 639-1 code (a BCP 47 tag such as en-GB stands for its language); "
                       "detected from the text when absent.",
        "pattern": r"^[A-Za-z]{2}([-_].+)?$", "example": "ar", **kw})


class RegionOfLanguage(Schema):
    """A `lang` written with its region ("en-GB") and no `locale`: the region counts, as
    `locale` would make it (11/07/2024 is 11 July), before `lang` is cut to its language."""

    @pre_load
    def _locale_from_lang(self, data: Any, **_: Any) -> Any:
        if not isinstance(data, Mapping):
            return data
        lang = data.get("lang")
        if (isinstance(lang, str) and data.get("locale") is None
                and re.search("[-_]", lang) and re.match(LOCALE_PATTERN, lang)):
            return {**data, "locale": lang}
        return data


class Moment(fields.String):
    """An ISO 8601 date or date-time (a publication or reference date), kept as ISO text.

    Impossible dates (2024-02-30) are refused; a time zone is dropped, keeping the local
    date and time as the newsroom printed them.
    """

    def __init__(self, **kw: Any) -> None:
        kw.setdefault("metadata", {})
        kw["metadata"] = {"description": "ISO 8601 date or date-time, e.g. 2024-11-07.",
                          "example": "2024-11-07", **kw["metadata"]}
        super().__init__(**kw)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            moment = parse_dct(text)
        except ValueError:
            raise ValidationError("Not a valid ISO 8601 date or date-time.") from None
        if moment is None:
            raise ValidationError("Must not be empty.")
        return _iso(moment, date_only=len(text.strip()) == 10)


def _iso(moment: datetime, date_only: bool) -> str:
    return moment.date().isoformat() if date_only else moment.isoformat()


class PartialDate(fields.String):
    """`2022`, `2022-10` or `2022-10-05`, loaded as the (first, last) day it covers."""

    _FORM = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

    def __init__(self, **kw: Any) -> None:
        kw["metadata"] = {"pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$", "example": "2022-10",
                          **kw.get("metadata", {})}
        super().__init__(**kw)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any
                     ) -> tuple[date, date]:
        text = super()._deserialize(value, attr, data, **kwargs)
        m = self._FORM.match(text)
        try:
            if m is None:
                raise ValueError
            year = int(m[1])
            if m[2] is None:
                return date(year, 1, 1), date(year, 12, 31)
            month = int(m[2])
            if m[3] is None:
                return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
            day = date(year, month, int(m[3]))
            return day, day
        except (ValueError, calendar.IllegalMonthError):
            raise ValidationError("Not a valid date: use YYYY, YYYY-MM or YYYY-MM-DD.") from None


def story_id(*, allow_none: bool = False, **kw: Any) -> fields.String:
    return fields.String(allow_none=allow_none, validate=validate.Regexp(
        STORY_ID, error="Lower-case letters, digits and inner hyphens, at most 64."),
        metadata={"pattern": STORY_ID.pattern, "example": "musk-trump-zelensky-call", **kw})


def article_id_list(**kw: Any) -> fields.List:
    return fields.List(fields.Integer(strict=True, validate=validate.Range(min=1, max=MAX_ID)),
                       validate=validate.Length(max=1000), **kw)


class OmitWhenNone(Schema):
    """A schema whose keys of `OMIT_WHEN_NONE`, there only for some items, are left out
    when they have no value (a key that is null on most items would say nothing)."""

    OMIT_WHEN_NONE: tuple[str, ...] = ()

    @post_dump
    def _omit_when_none(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        for key in self.OMIT_WHEN_NONE:
            if data.get(key) is None:
                data.pop(key, None)
        return data


class RangeEndSchema(OmitWhenNone):
    """A dated item whose `end_value` is there only for a range (as on a mention)."""

    OMIT_WHEN_NONE = ("end_value",)


class QueryArgs(Schema):
    """The query parameters of one endpoint. A parameter it does not know is a 400 naming the
    ones it does: a typo (`?form=2024`) must not silently answer as if no filter were given.

    `unknown = RAISE` is marshmallow's own switch; webargs would override it with EXCLUDE for
    query strings, so the project's Blueprint lets the schema decide (`api/base.py`)."""

    class Meta:
        unknown = RAISE

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        accepted = ", ".join(field.data_key or name for name, field in self.load_fields.items())
        message = f"Unknown query parameter; accepted: {accepted}." if accepted \
            else "Unknown query parameter; this endpoint takes none."
        self.error_messages = {**self.error_messages, "unknown": message}


class NoQueryArgs(QueryArgs):
    """The query of an endpoint that takes no parameters: any one is a 400, as on the others
    (`GET /articles/1?fields=text` must not answer as if the client's wish were granted)."""


class PageArgs(QueryArgs):
    """Cursor pagination: `limit` items after the opaque `cursor` from the previous page."""

    cursor = fields.String(validate=validate.Length(max=512), metadata={
        "description": "Opaque cursor from the previous page's `Link: rel=\"next\"`."})
    limit = fields.Integer(load_default=LIMITS.default_page,
                           validate=validate.Range(min=1, max=LIMITS.max_page))


class ProblemSchema(Schema):
    """An error, as RFC 9457 `application/problem+json`."""

    type = fields.String(required=True, metadata={"example": "about:blank"})
    title = fields.String(required=True, metadata={"example": "Unprocessable Content"})
    status = fields.Integer(required=True, metadata={"example": 422})
    detail = fields.String(metadata={"example": "The request body is not valid."})
    instance = fields.String(metadata={"example": "/api/v1/articles"})
    errors = fields.Dict(metadata={
        "description": "Field errors as marshmallow reports them: field name -> messages "
                       "(nested objects and list positions nest the same way).",
        "example": {"text": ["Missing data for required field."]}})
