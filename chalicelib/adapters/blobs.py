"""S3: raw inbound mail (kept before anything parses it) and attachments."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from botocore.exceptions import ClientError

from ..errors import NotFound, UpstreamError
from . import aws
from .ports import StoredObject, UploadForm, UploadPolicy


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

    def upload_form(self, bucket: str, key: str, policy: UploadPolicy) -> UploadForm:
        """A presigned POST: S3 itself refuses another key, a larger file, a type outside the
        prefix, other metadata or another redirect."""
        fields = {"success_action_redirect": policy.redirect, "Content-Type": policy.content_type,
                  **{f"x-amz-meta-{name}": value for name, value in policy.metadata.items()}}
        conditions: list[Any] = [  # botocore adds the bucket and the exact key
            ["content-length-range", 1, policy.max_bytes],
            ["starts-with", "$Content-Type", policy.content_type_prefix],
            {"success_action_redirect": policy.redirect},
            *({f"x-amz-meta-{name}": value} for name, value in policy.metadata.items()),
        ]
        try:
            signer = self._client or aws.client("s3", sigv4=True)
            signed = signer.generate_presigned_post(Bucket=bucket, Key=key, Fields=fields, Conditions=conditions,
                                                    ExpiresIn=policy.seconds)
        except ClientError as error:
            raise UpstreamError(f"could not sign an upload to s3://{bucket}/{key}: {aws.error_code(error)}") from error
        return UploadForm(url=str(signed["url"]), fields={k: str(v) for k, v in signed["fields"].items()})

    def describe(self, bucket: str, key: str, first_bytes: int = 0) -> StoredObject | None:
        try:
            if first_bytes:
                response = self.client.get_object(Bucket=bucket, Key=key, Range=f"bytes=0-{first_bytes - 1}")
                size = int(str(response.get("ContentRange", "")).rsplit("/", 1)[-1] or response["ContentLength"])
                head = bytes(response["Body"].read())
            else:
                response = self.client.head_object(Bucket=bucket, Key=key)
                size, head = int(response["ContentLength"]), b""
        except ClientError as error:
            # Without s3:ListBucket (the stack grants none) S3 answers a missing key with 403.
            if aws.error_code(error) in {"NoSuchKey", "404", "NoSuchBucket", "InvalidRange", "AccessDenied", "403"}:
                return None
            raise UpstreamError(f"could not read s3://{bucket}/{key}: {aws.error_code(error)}") from error
        return StoredObject(size=size, content_type=str(response.get("ContentType", "")),
                            metadata={k.lower(): str(v) for k, v in (response.get("Metadata") or {}).items()},
                            head=head)
