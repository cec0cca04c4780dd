"""S3: raw inbound mail (kept before anything parses it) and attachments."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from botocore.exceptions import ClientError

from ..errors import NotFound, UpstreamError
from . import aws


class Blobs:
    def __init__(self, s3: Any | None = None) -> None:
        self._client = s3

    @property
    def client(self) -> Any:
        return self._client or aws.client("s3")

    def get(self, bucket: str, key: str) -> bytes:
        try:
            response = self.client.get_object(Bucket=bucket, Key=key)
        except ClientError as error:
            if aws.error_code(error) in {"NoSuchKey", "404", "NoSuchBucket"}:
                raise NotFound(f"s3://{bucket}/{key} does not exist") from error
            raise UpstreamError(f"could not read s3://{bucket}/{key}: {aws.error_code(error)}") from error
        return bytes(response["Body"].read())

    def put(self, bucket: str, key: str, body: bytes, content_type: str, metadata: dict[str, str] | None = None) -> None:
        try:
            self.client.put_object(Bucket=bucket, Key=key, Body=body, ContentType=content_type,
                                   Metadata=metadata or {}, ServerSideEncryption="AES256")
        except ClientError as error:
            raise UpstreamError(f"could not store s3://{bucket}/{key}: {aws.error_code(error)}") from error

    def download_url(self, bucket: str, key: str, filename: str, seconds: int) -> str:
        """A link that downloads the object (never shows it inline) for `seconds`."""
        disposition = f"attachment; filename*=UTF-8''{quote(filename, safe='')}"
        try:
            signer = self._client or aws.client("s3", sigv4=True)
            return str(signer.generate_presigned_url(
                "get_object", ExpiresIn=seconds,
                Params={"Bucket": bucket, "Key": key, "ResponseContentDisposition": disposition}))
        except ClientError as error:
            raise UpstreamError(f"could not sign a link to s3://{bucket}/{key}: {aws.error_code(error)}") from error
