"""The OpenAPI document: UTF-8 with Vietnamese as written, and still a document the tools read."""

from __future__ import annotations

import json

import pytest
from django.test import Client


@pytest.mark.django_db
def test_the_openapi_document_keeps_vietnamese_unescaped() -> None:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = response.content.decode("utf-8")
    assert "\\u" not in body
    assert "TiếpCận API" in body
    assert "Dữ liệu mở" in body  # a tag
    schema = json.loads(body)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "TiếpCận API"
    assert "/api/v1/assessments" in schema["paths"]
