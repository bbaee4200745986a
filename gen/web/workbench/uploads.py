"""Uploads past the size cap are dropped as they arrive, never stored whole."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadhandler import StopUpload, TemporaryFileUploadHandler


class CappedUploadHandler(TemporaryFileUploadHandler):
    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if start + len(raw_data) > settings.BUDGETDOC_MAX_UPLOAD:
            assert self.request is not None
            self.request.upload_too_large = True  # type: ignore[attr-defined]
            if self.file is not None:
                self.file.close()
            # The rest of the request is read and discarded, so the page can still say why.
            raise StopUpload(connection_reset=False)
        return super().receive_data_chunk(raw_data, start)
