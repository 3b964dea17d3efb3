"""An S3-compatible server on loopback (moto's standalone server, real HTTP) and the
store's storages pointed at two of its buckets: public media and private files."""

import boto3
import pytest
from moto.server import ThreadedMotoServer

from sandbox.settings import s3_storage
from tests.service_center.conftest import store  # noqa: F401 - the store settings fixture

MEDIA_BUCKET = "toko-media"
PRIVATE_BUCKET = "toko-private"
CREDENTIALS = {"access_key": "uji", "secret_key": "rahasia-uji", "region_name": "us-east-1"}


@pytest.fixture(scope="session")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(s3_endpoint, settings):
    """A boto3 client of the server; fresh buckets; the store's storages on them."""
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id=CREDENTIALS["access_key"],
        aws_secret_access_key=CREDENTIALS["secret_key"],
        region_name=CREDENTIALS["region_name"],
    )
    for bucket in (MEDIA_BUCKET, PRIVATE_BUCKET):
        client.create_bucket(Bucket=bucket)
    options = {"endpoint_url": s3_endpoint, **CREDENTIALS}
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_storage(MEDIA_BUCKET, private=False, default_acl="public-read", **options),
        "contex_private": s3_storage(PRIVATE_BUCKET, private=True, **options),
    }
    yield client
    for bucket in (MEDIA_BUCKET, PRIVATE_BUCKET):
        for item in client.list_objects_v2(Bucket=bucket).get("Contents", []):
            client.delete_object(Bucket=bucket, Key=item["Key"])
        client.delete_bucket(Bucket=bucket)


def keys(client, bucket):
    return [item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", [])]
