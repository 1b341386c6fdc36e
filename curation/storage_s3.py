"""S3 storage whose signed URLs name the address browsers reach the store at, when it differs from the app's."""

from __future__ import annotations

import threading
from typing import Any

from storages.backends.s3 import S3Storage
from storages.utils import clean_name


class BrowserSignedS3Storage(S3Storage):
    """`S3Storage`, with signed URLs made for `browser_endpoint_url` when it is set.

    A signature covers the host it was made for. Where the app reaches the store by a name browsers cannot
    resolve (docker compose: `s3:9000` inside, `localhost:9000` outside), URLs signed for the app's endpoint
    would never load; signing needs no connection, so a client configured with the browsers' address signs them.
    """

    def get_default_settings(self) -> dict[str, Any]:
        return {**super().get_default_settings(), "browser_endpoint_url": None}

    def url(
        self, name: str, parameters: dict | None = None, expire: int | None = None, http_method: str | None = None
    ) -> str:
        if not self.browser_endpoint_url or self.custom_domain or not self.querystring_auth:
            return super().url(name, parameters=parameters, expire=expire, http_method=http_method)
        params = {**(parameters or {}), "Bucket": self.bucket_name, "Key": self._normalize_name(clean_name(name))}
        return self._browser_client().generate_presigned_url(
            "get_object",
            Params=params,
            ExpiresIn=self.querystring_expire if expire is None else expire,
            HttpMethod=http_method,
        )

    def _browser_client(self) -> Any:  # a botocore client: its class is made at run time
        # One per thread, as S3Storage keeps its own connections: boto3 sessions are not thread-safe.
        local = self.__dict__.setdefault("_browser_clients", threading.local())
        client = getattr(local, "client", None)
        if client is None:
            client = local.client = self._create_session().client(
                "s3",
                region_name=self.region_name,
                use_ssl=self.use_ssl,
                endpoint_url=self.browser_endpoint_url,
                config=self.client_config,
                verify=self.verify,
            )
        return client

    def __getstate__(self) -> dict[str, Any]:
        state = super().__getstate__()
        state.pop("_browser_clients", None)
        return state
