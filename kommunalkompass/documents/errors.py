"""The one error every renderer raises when a document cannot be made into a file."""

from __future__ import annotations

import logging

logger = logging.getLogger("kommunalkompass.documents")


class DocumentRenderError(Exception):
    """A document could not be rendered; no file was produced.

    ``message`` says in a sentence what went wrong, for the person who asked for the file;
    ``detail`` carries the technical cause (a Typst diagnostic, a library's error text) for
    the log. The error is logged when it is created, so a renderer only has to raise it:

        raise DocumentRenderError(
            "The PDF could not be compiled.", file_format="pdf", detail=diagnostic, cause=exc
        ) from exc
    """

    def __init__(
        self,
        message: str,
        *,
        file_format: str,
        detail: str = "",
        cause: BaseException | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file_format = file_format
        self.detail = detail
        if cause is not None:
            self.__cause__ = cause
        logger.error(
            "Rendering a %s failed: %s%s",
            file_format.upper(),
            message,
            f"\n{detail}" if detail else "",
            exc_info=(type(cause), cause, cause.__traceback__) if cause is not None else None,
        )

    def __str__(self) -> str:
        return self.message
