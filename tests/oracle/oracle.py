#!/usr/bin/env python3
"""Request oracle built on the vendors' official Python SDKs.

JSON-lines server: one JSON object per stdin line, one JSON object per stdout line.

Request lines
-------------
Huawei (huaweicloudsdkcfw / huaweicloudsdkcore):
  {"vendor":"huawei","operation":"ListFlowLogs","params":{<wire name>: <value>},
   "ak":"AK","sk":"SK","project_id":"p",
   "region":"cn-north-4"  and/or  "endpoint":"https://...",
   "date":"20240621T021752Z",            # optional; frozen X-Sdk-Date (else real clock)
   "user_agent":"..."}                   # optional; exact User-Agent header value
                                         # (default: "huaweicloud-usdk-python/3.0", see below)
Alibaba (alibabacloud_vpc20160428 / alibabacloud_tea_openapi / darabonba):
  {"vendor":"alibaba","operation":"DescribeFlowLogs","params":{"RegionId":"cn-hangzhou",...},
   "ak":"AK","sk":"SK",
   "endpoint":"vpc.aliyuncs.com"  or  "region":"cn-hangzhou",   # region -> Config.region_id
   "network":..., "suffix":...,          # optional Config.network / Config.suffix
   "date":"2024-06-21T02:17:52Z",        # optional; frozen x-acs-date (else real clock)
   "nonce":"abc",                        # optional; frozen x-acs-signature-nonce
   "user_agent":"..."}                   # optional; exact user-agent header value
                                         # (default: the SDK's platform-dependent default)

Response line:
  {"method","url","host","path","query":[[k,v],...],"headers":{lower: value},"body":str,
   "canonical_query","canonical_request","string_to_sign","signed_headers",
   "endpoint","error":null}
  or {"error": "..."}.

Commands:
  {"cmd":"regions"}  -> {"huawei":{region:[endpoints]}, "alibaba":{...}, "versions":{...}}
  {"cmd":"verify","vendor":"huawei"|"alibaba","method":"GET","url":"https://host/path?query",
   "headers":{lower name: value},        # exactly the headers that were signed (host among them;
                                         # huawei: x-sdk-date too; never authorization)
   "body":"", "ak":"AK", "sk":"SK",
   "algorithm":"..."}                    # optional: SDK-HMAC-SHA256 (default) | SDK-HMAC-SM3,
                                         #           ACS3-HMAC-SHA256 (default) | ACS3-HMAC-SM3
     -> {"authorization","canonical_request","string_to_sign","canonical_query",
         "signed_headers","warnings":[...],"error":null}
     Recomputes Authorization with the vendor's own signer over exactly that request: the given
     headers only, the query decoded from the URL (parse_qsl: pairs in order, repeated keys kept,
     '+' = space), the URL's path as is.
       huawei:  huaweicloudsdkcore.signer.signer.Signer(BasicCredentials(ak, sk)).sign(SdkRequest)
                with query_params as the SDK's list of (key, value) tuples; x-sdk-date is reused.
                Errors if the signer would add a header (e.g. no x-sdk-date).
       alibaba: alibabacloud_tea_openapi.utils.Utils.get_authorization(DaraRequest, algorithm,
                payload=x-acs-content-sha256 header, ak, sk) with request.query as a dict
                (a repeated key is an error: the SDK cannot represent it).
     Self-test: tests/oracle/selftest_verify.py (feeds the SDKs' own requests back through verify).
  {"cmd":"models"}   -> {"huawei":{Model:[{wire_name,python_type,attr}]}, "alibaba":{...}}
  {"cmd":"versions"} -> {"versions":{...}}

How it works: the real client method (e.g. CfwClient.list_flow_logs,
vpc Client.describe_flow_logs) runs unmodified. Only three things are patched:
  * the clock: the `datetime` name inside huaweicloudsdkcore.signer.signer and inside
    alibabacloud_tea_openapi.utils is replaced by a subclass whose utcnow() is frozen;
  * the Alibaba nonce: alibabacloud_tea_openapi.utils.Utils.get_nonce returns the given nonce;
  * the network: requests.adapters.HTTPAdapter.send (the last step before a socket, used
    by both SDKs) records the PreparedRequest and raises a BaseException subclass, which
    escapes the SDKs' retry loops (they catch Exception only).
Signer internals are wrapped (call-through) only to record the canonical request.
"""

import atexit
import datetime as _dt_mod
import inspect
import json
import os
import re
import shutil
import sys
import tempfile
import threading
from urllib.parse import urlsplit, parse_qsl

# ---------------------------------------------------------------------------
# Isolate from the caller's environment before the SDKs are imported:
# region overrides (HUAWEICLOUD_SDK_REGION_*), ~/.huaweicloud/{regions.yaml,application_id},
# ALIBABA_CLOUD_* credentials/user agent, proxies.
for _k in list(os.environ):
    if _k.startswith(("HUAWEICLOUD_", "ALIBABA_CLOUD_", "ALICLOUD_")) or _k.lower() in (
            "http_proxy", "https_proxy", "no_proxy", "all_proxy", "debug"):
        del os.environ[_k]
os.environ["HOME"] = tempfile.mkdtemp(prefix="oracle-home-")
atexit.register(shutil.rmtree, os.environ["HOME"], True)

import requests  # noqa: E402
import requests.adapters  # noqa: E402

import huaweicloudsdkcore  # noqa: E402
import huaweicloudsdkcore.signer.signer as hw_signer_mod  # noqa: E402
from huaweicloudsdkcore.auth.credentials import BasicCredentials  # noqa: E402
from huaweicloudsdkcore.http.http_config import HttpConfig  # noqa: E402
import huaweicloudsdkcfw.v1 as hw_cfw  # noqa: E402
from huaweicloudsdkcfw.v1.cfw_client import CfwClient  # noqa: E402
from huaweicloudsdkcfw.v1.region.cfw_region import CfwRegion  # noqa: E402

import alibabacloud_tea_openapi.utils as ali_utils_mod  # noqa: E402
from alibabacloud_tea_openapi import utils_models as ali_open_api_models  # noqa: E402
import alibabacloud_vpc20160428.models as ali_vpc_models  # noqa: E402
from alibabacloud_vpc20160428.client import Client as VpcClient  # noqa: E402
from darabonba.model import DaraModel  # noqa: E402

try:
    from importlib.metadata import version as _pkg_version
except ImportError:  # pragma: no cover
    _pkg_version = None

PACKAGES = [
    "huaweicloudsdkcore", "huaweicloudsdkcfw", "alibabacloud-vpc20160428",
    "alibabacloud-tea-openapi", "darabonba-core", "alibabacloud-tea",
    "alibabacloud-credentials", "alibabacloud-gateway-spi", "requests", "urllib3",
    "aliyun-python-sdk-core",
]

HUAWEI_OPERATIONS = ["ShowFlowTrend", "ListFlowStatistic", "ListFlowLogs", "ListAccessControlLogs"]
ALIBABA_OPERATIONS = ["DescribeFlowLogs"]


def versions():
    out = {}
    for p in PACKAGES:
        try:
            out[p] = _pkg_version(p)
        except Exception:  # noqa: BLE001
            out[p] = None
    return out


# ---------------------------------------------------------------------------
# Frozen clock.

class _State(threading.local):
    pass


_STATE = _State()
_GLOBAL = {"frozen_utc": None, "nonce": None, "ua_override": None}
_REAL_DATETIME = _dt_mod.datetime


class FrozenDateTime(_REAL_DATETIME):
    """datetime subclass: utcnow()/now() return the frozen instant when one is set."""

    @classmethod
    def utcnow(cls):
        t = _GLOBAL["frozen_utc"]
        if t is None:
            return _REAL_DATETIME.utcnow()
        return t

    @classmethod
    def now(cls, tz=None):
        t = _GLOBAL["frozen_utc"]
        if t is None:
            return _REAL_DATETIME.now(tz)
        if tz is None:
            return t
        return t.replace(tzinfo=_dt_mod.timezone.utc).astimezone(tz)


# Both signers call `datetime.utcnow()` through a module-level name `datetime`
# (imported with `from datetime import datetime`); the signing threads see the same module.
hw_signer_mod.datetime = FrozenDateTime
ali_utils_mod.datetime = FrozenDateTime

_real_get_nonce = ali_utils_mod.Utils.get_nonce


def _nonce():
    n = _GLOBAL["nonce"]
    return n if n is not None else _real_get_nonce()


ali_utils_mod.Utils.get_nonce = staticmethod(_nonce)

# Alibaba default UA: Utils.__get_default_agent() (name-mangled private static method).
_real_ali_default_agent = ali_utils_mod.Utils._Utils__get_default_agent


def _ali_default_agent():
    o = _GLOBAL["ua_override"]
    return o if o is not None else _real_ali_default_agent()


ali_utils_mod.Utils._Utils__get_default_agent = staticmethod(_ali_default_agent)


# ---------------------------------------------------------------------------
# Record signer internals (call-through wrappers, the SDK code still does the work).

_REC = {}

_hw_orig_canonical_request = hw_signer_mod.Signer._process_canonical_request
_hw_orig_string_to_sign = hw_signer_mod.Signer._process_string_to_sign


def _hw_canonical_request(self, request, signed_headers):
    cr = _hw_orig_canonical_request(self, request, signed_headers)
    _REC["canonical_request"] = cr
    _REC["signed_headers"] = ";".join(signed_headers)
    # Signer's own helper for the canonical query string.
    _REC["canonical_query"] = hw_signer_mod.Signer.process_canonical_query_string(request)
    return cr


def _hw_string_to_sign(self, canonical_request, t, *a, **kw):
    s = _hw_orig_string_to_sign(self, canonical_request, t, *a, **kw)
    _REC["string_to_sign"] = s
    return s


hw_signer_mod.Signer._process_canonical_request = _hw_canonical_request
hw_signer_mod.Signer._process_string_to_sign = _hw_string_to_sign

_ali_orig_get_cqs = ali_utils_mod.get_canonical_query_string
_ali_orig_get_ch = ali_utils_mod.get_canonicalized_headers
_ali_orig_hash = ali_utils_mod.Utils.hash
_ali_orig_signature_method = ali_utils_mod.signature_method
_ali_orig_get_authorization = ali_utils_mod.Utils.get_authorization


def _ali_get_cqs(query):
    s = _ali_orig_get_cqs(query)
    _REC["canonical_query"] = s
    return s


def _ali_get_ch(headers):
    ch, sh = _ali_orig_get_ch(headers)
    _REC["canonical_headers"] = ch
    _REC["signed_headers"] = sh
    return ch, sh


def _ali_hash(raw, sign_type):
    if _REC.get("_in_auth") and "canonical_request" not in _REC:
        _REC["canonical_request"] = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    return _ali_orig_hash(raw, sign_type)


def _ali_signature_method(secret, source, sign_type):
    _REC["string_to_sign"] = source
    return _ali_orig_signature_method(secret, source, sign_type)


def _ali_get_authorization(request, sign_type, payload, ak, secret):
    _REC["_in_auth"] = True
    try:
        return _ali_orig_get_authorization(request, sign_type, payload, ak, secret)
    finally:
        _REC["_in_auth"] = False


ali_utils_mod.get_canonical_query_string = _ali_get_cqs
ali_utils_mod.get_canonicalized_headers = _ali_get_ch
ali_utils_mod.signature_method = _ali_signature_method
ali_utils_mod.Utils.hash = staticmethod(_ali_hash)
ali_utils_mod.Utils.get_authorization = staticmethod(_ali_get_authorization)


# ---------------------------------------------------------------------------
# Network stub.

class Captured(BaseException):
    """Raised instead of sending; BaseException so SDK retry loops (except Exception) don't eat it."""

    def __init__(self, prepared):
        super().__init__("captured")
        self.prepared = prepared


def _stub_send(self, request, *args, **kwargs):
    raise Captured(request)


requests.adapters.HTTPAdapter.send = _stub_send


def _describe_prepared(p):
    url = p.url
    parts = urlsplit(url)
    body = p.body
    if body is None:
        body_s = ""
    elif isinstance(body, bytes):
        body_s = body.decode("utf-8", errors="replace")
    else:
        body_s = str(body)
    headers = {}
    for k, v in p.headers.items():
        if isinstance(v, bytes):
            v = v.decode("latin-1")
        headers[k.lower()] = v
    return {
        "method": p.method,
        "url": url,
        "host": parts.netloc,
        "path": parts.path,
        "raw_query": parts.query,
        "query": [[k, v] for k, v in parse_qsl(parts.query, keep_blank_values=True)],
        "headers": headers,
        "body": body_s,
    }


# ---------------------------------------------------------------------------
# Helpers.

def snake(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def parse_hw_date(s):
    return _REAL_DATETIME.strptime(s, "%Y%m%dT%H%M%SZ")


def parse_ali_date(s):
    return _REAL_DATETIME.strptime(s, "%Y-%m-%dT%H:%M:%SZ")


def run_captured(fn):
    _REC.clear()
    try:
        fn()
    except Captured as c:
        out = _describe_prepared(c.prepared)
        for k in ("canonical_query", "canonical_request", "string_to_sign", "signed_headers"):
            out[k] = _REC.get(k)
        out["error"] = None
        return out
    raise RuntimeError("SDK returned without attempting to send a request")


# ---------------------------------------------------------------------------
# Huawei.

_HW_PRIMITIVES = {"str", "int", "float", "bool", "object", "date", "datetime", "long"}


def _hw_value(client, value, type_str):
    if value is None:
        return None
    base = type_str
    m = re.match(r"list\[(.*)\]$", type_str)
    if m:
        base = m.group(1)
    m2 = re.match(r"dict\(([^,]*), (.*)\)$", type_str)
    if m2:
        base = m2.group(2)
    if base in _HW_PRIMITIVES:
        return value  # passed through as given (the SDK does not coerce request values)
    # A model type: let the SDK's own deserializer build it from wire names.
    return client._deserialize(value, type_str)


def huawei_request(msg):
    op = msg["operation"]
    req_cls = getattr(hw_cfw, op + "Request", None)
    if req_cls is None:
        raise ValueError("unknown huawei operation %r" % op)
    method = snake(op)

    config = HttpConfig.get_default_config()
    ua = msg.get("user_agent")
    # config.user_agent="" keeps the SDK from computing its platform/app-id suffix
    # (huaweicloudsdkcore/http/user_agent.py, which also writes ~/.huaweicloud/application_id);
    # the header is then exactly "huaweicloud-usdk-python/3.0".
    config.user_agent = ""
    if msg.get("ignore_content_type_for_get_request"):
        config.ignore_content_type_for_get_request = True

    if not msg.get("project_id"):
        raise ValueError("project_id is required (without it the SDK would call IAM)")
    creds = BasicCredentials(msg["ak"], msg["sk"], msg["project_id"])
    builder = CfwClient.new_builder().with_http_config(config).with_credentials(creds)
    if msg.get("endpoint"):
        builder = builder.with_endpoint(msg["endpoint"])
    if msg.get("region"):
        builder = builder.with_region(CfwRegion.value_of(msg["region"]))
    client = builder.build()
    if ua is not None:
        client._agent = {"User-Agent": ua}

    inv = {wire: attr for attr, wire in req_cls.attribute_map.items()}
    req = req_cls()
    for wire, value in (msg.get("params") or {}).items():
        attr = inv.get(wire)
        if attr is None:
            raise ValueError("unknown wire field %r for %sRequest" % (wire, op))
        setattr(req, attr, _hw_value(client, value, req_cls.openapi_types[attr]))

    _GLOBAL["frozen_utc"] = parse_hw_date(msg["date"]) if msg.get("date") else None
    try:
        out = run_captured(lambda: getattr(client, method)(req))
    finally:
        _GLOBAL["frozen_utc"] = None
        client.close()
    out["endpoint"] = client._endpoints[client._endpoint_index]
    out["endpoints"] = list(client._endpoints)
    return out


# ---------------------------------------------------------------------------
# Alibaba.

def alibaba_request(msg):
    op = msg["operation"]
    req_cls = getattr(ali_vpc_models, op + "Request", None)
    if req_cls is None:
        raise ValueError("unknown alibaba operation %r" % op)
    method = snake(op)

    known = set(_ali_fields(req_cls).keys())
    params = msg.get("params") or {}
    unknown = [k for k in params if k not in known]
    if unknown:
        raise ValueError("unknown wire field(s) %r for %sRequest" % (unknown, op))

    cfg = ali_open_api_models.Config(access_key_id=msg["ak"], access_key_secret=msg["sk"])
    if msg.get("endpoint"):
        cfg.endpoint = msg["endpoint"]
    if msg.get("region"):
        cfg.region_id = msg["region"]
    if msg.get("network") is not None:
        cfg.network = msg["network"]
    if msg.get("suffix") is not None:
        cfg.suffix = msg["suffix"]
    if msg.get("security_token"):
        cfg.security_token = msg["security_token"]
    client = VpcClient(cfg)

    req = req_cls().from_map(params)

    _GLOBAL["frozen_utc"] = parse_ali_date(msg["date"]) if msg.get("date") else None
    _GLOBAL["nonce"] = msg.get("nonce")
    _GLOBAL["ua_override"] = msg.get("user_agent")
    try:
        out = run_captured(lambda: getattr(client, method)(req))
    finally:
        _GLOBAL["frozen_utc"] = None
        _GLOBAL["nonce"] = None
        _GLOBAL["ua_override"] = None
    out["endpoint"] = client._endpoint
    return out


# ---------------------------------------------------------------------------
# verify: recompute Authorization with the vendor's signer over a request given from outside.

def _verify_parse(msg):
    method = msg.get("method") or "GET"
    url = msg.get("url")
    if not url:
        raise ValueError("url is required")
    parts = urlsplit(url)
    headers = msg.get("headers") or {}
    if not isinstance(headers, dict):
        raise ValueError("headers must be an object {name: value}")
    lowered = {}
    for k, v in headers.items():
        lk = k.lower()
        if lk in lowered:
            raise ValueError("header %r given twice (case-insensitively)" % k)
        if not isinstance(v, str):
            raise ValueError("header %r: value must be a string" % k)
        lowered[lk] = v
    if "authorization" in lowered:
        raise ValueError("authorization must not be among the headers to sign")
    if "host" not in lowered:
        raise ValueError("host header is required (the signed headers must include host)")
    # The URL's query decoded into pairs, repeated keys kept, in URL order
    # (application/x-www-form-urlencoded decoding: '+' means space).
    query = parse_qsl(parts.query, keep_blank_values=True, strict_parsing=False)
    body = msg.get("body") or ""
    if not msg.get("ak") or not msg.get("sk"):
        raise ValueError("ak and sk are required")
    return method, parts, lowered, query, body


_HW_VERIFY_SIGNERS = {cls._ALGORITHM: cls for cls in (hw_signer_mod.Signer, hw_signer_mod.SM3Signer)}


def huawei_verify(msg):
    from huaweicloudsdkcore.sdk_request import SdkRequest

    method, parts, headers, query, body = _verify_parse(msg)
    algorithm = msg.get("algorithm") or hw_signer_mod.Signer._ALGORITHM
    signer_cls = _HW_VERIFY_SIGNERS.get(algorithm)
    if signer_cls is None:
        raise ValueError("unsupported huawei algorithm %r (supported: %s)"
                         % (algorithm, ", ".join(sorted(_HW_VERIFY_SIGNERS))))
    if "x-sdk-date" not in headers:
        raise ValueError("x-sdk-date header is required (else the signer would take the clock)")
    warnings = []
    # The SDK never signs a header whose name contains '_' (Signer._process_signed_headers).
    for k in headers:
        if "_" in k:
            warnings.append("header %r contains '_': the SDK's signer does not sign it" % k)
    # Signer._process_content_header adds X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD for a non-JSON
    # Content-Type (it looks the header up as "Content-Type", the spelling the SDK's client uses).
    # Ask the SDK's own function what it would add for this content type.
    ct = headers.get("content-type")
    if ct is not None:
        probe = SdkRequest(header_params={"Content-Type": ct})
        signer_cls._process_content_header(probe)
        added = {k: v for k, v in probe.header_params.items() if k != "Content-Type"}
        for k, v in added.items():
            if k.lower() not in headers:
                warnings.append("for content-type %r the SDK's signer would add and sign %s: %s, "
                                "which is not among the given headers" % (ct, k.lower(), v))

    # Build the SDK's request object the way Client.build_future_request does: query params as the
    # list of (key, value) tuples that parameters_to_tuples yields ('multi' repeats a key once per value).
    req = SdkRequest(method=method, schema=parts.scheme or "https", host=parts.netloc,
                     resource_path=parts.path or "/", query_params=list(query),
                     header_params=dict(headers), body=body)
    given_keys = set(req.header_params)
    _REC.clear()
    signer = signer_cls(BasicCredentials(msg["ak"], msg["sk"]))
    signer.sign(req)
    extra = sorted(k for k in req.header_params if k not in given_keys and k != "Authorization")
    if extra:
        raise RuntimeError("the SDK's signer added header(s) %r: the signature would not be over "
                           "exactly the given headers" % extra)
    return {
        "authorization": req.header_params["Authorization"],
        "canonical_request": _REC.get("canonical_request"),
        "string_to_sign": _REC.get("string_to_sign"),
        "canonical_query": _REC.get("canonical_query"),
        "signed_headers": _REC.get("signed_headers"),
        "warnings": warnings,
        "error": None,
    }


_ALI_VERIFY_ALGORITHMS = ("ACS3-HMAC-SHA256", "ACS3-HMAC-SM3")


def alibaba_verify(msg):
    from darabonba.request import DaraRequest

    method, parts, headers, query, body = _verify_parse(msg)
    algorithm = msg.get("algorithm") or "ACS3-HMAC-SHA256"
    if algorithm not in _ALI_VERIFY_ALGORITHMS:
        raise ValueError("unsupported alibaba algorithm %r (supported: %s)"
                         % (algorithm, ", ".join(_ALI_VERIFY_ALGORITHMS)))
    q = {}
    for k, v in query:
        if k in q:
            raise ValueError("query key %r repeated: the SDK's request.query is a dict" % k)
        q[k] = v
    warnings = []
    payload = headers.get("x-acs-content-sha256")
    if payload is None:
        # The SDK always sends and signs x-acs-content-sha256; without it, hash the body as it does.
        payload = ali_utils_mod.Utils.hash(body.encode("utf-8"), algorithm).hex()
        warnings.append("x-acs-content-sha256 not among the given headers; the SDK always signs it "
                        "(payload hash computed from body)")
    elif payload != ali_utils_mod.Utils.hash(body.encode("utf-8"), algorithm).hex():
        warnings.append("x-acs-content-sha256 is not the %s hash of the given body" % algorithm)

    req = DaraRequest()
    req.method = method
    req.pathname = parts.path or "/"
    req.query = q
    req.headers = dict(headers)
    _REC.clear()
    auth = ali_utils_mod.Utils.get_authorization(req, algorithm, payload, msg["ak"], msg["sk"])
    return {
        "authorization": auth,
        "canonical_request": _REC.get("canonical_request"),
        "string_to_sign": _REC.get("string_to_sign"),
        "canonical_query": _REC.get("canonical_query"),
        "signed_headers": _REC.get("signed_headers"),
        "warnings": warnings,
        "error": None,
    }


def verify(msg):
    vendor = msg.get("vendor")
    if vendor == "huawei":
        return huawei_verify(msg)
    if vendor == "alibaba":
        return alibaba_verify(msg)
    raise ValueError("unknown vendor %r" % vendor)


# ---------------------------------------------------------------------------
# regions / models.

def huawei_regions():
    return {rid: list(r.endpoints) for rid, r in CfwRegion.static_fields.items()}


def alibaba_regions():
    # Instantiate once to read the table the generated client sets in __init__.
    c = VpcClient(ali_open_api_models.Config(access_key_id="x", access_key_secret="y",
                                             endpoint="vpc.aliyuncs.com"))
    samples = {}
    for rid in ["cn-hangzhou", "cn-beijing", "cn-shanghai", "ap-southeast-1", "us-west-1",
                "eu-central-1", "cn-edge-1"]:
        samples[rid] = c.get_endpoint("vpc", rid, c._endpoint_rule, None, None, c._endpoint_map, None)
    samples["cn-beijing (network=vpc)"] = c.get_endpoint("vpc", "cn-beijing", c._endpoint_rule, "vpc",
                                                         None, c._endpoint_map, None)
    samples["cn-beijing (network=share)"] = c.get_endpoint("vpc", "cn-beijing", c._endpoint_rule, "share",
                                                           None, c._endpoint_map, None)
    samples["cn-hangzhou (network=vpc)"] = c.get_endpoint("vpc", "cn-hangzhou", c._endpoint_rule, "vpc",
                                                          None, c._endpoint_map, None)
    return {
        "endpoint_map": dict(c._endpoint_map),
        "rule": c._endpoint_rule,
        "product_id": "vpc",
        "template_regional": "<product><network>.<region_id>.aliyuncs.com",
        "template_central": "<product><network>.aliyuncs.com",
        "network_rule": "network '' or 'public' -> '', else '-' + network (suffix ignored)",
        "precedence": "Config.endpoint > endpoint_map[region_id] > rule",
        "samples": samples,
    }


def _hw_model_fields(cls, out, seen):
    name = cls.__name__
    if name in seen:
        return
    seen.add(name)
    fields = []
    for attr, typ in cls.openapi_types.items():
        fields.append({"wire_name": cls.attribute_map[attr], "python_type": typ, "attr": attr})
    out[name] = fields
    for typ in cls.openapi_types.values():
        for t in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", typ):
            if t in ("list", "dict", "str") or t in _HW_PRIMITIVES:
                continue
            sub = getattr(hw_cfw, t, None)
            if sub is not None and hasattr(sub, "openapi_types"):
                _hw_model_fields(sub, out, seen)


_ALI_FIELD_CACHE = {}


def _ali_fields(cls):
    """wire name -> (attr, annotation) parsed from the Tea model's to_map and __init__."""
    if cls in _ALI_FIELD_CACHE:
        return _ALI_FIELD_CACHE[cls]
    src = inspect.getsource(cls.to_map)
    lines = [ln for ln in src.splitlines() if ln.strip()]
    anns = {n: (p.annotation if p.annotation is not inspect.Parameter.empty else None)
            for n, p in inspect.signature(cls.__init__).parameters.items() if n != "self"}
    res = {}
    for i, ln in enumerate(lines):
        m = re.search(r"result\['([^']+)'\]\s*=", ln)
        if not m:
            continue
        wire = m.group(1)
        attr = None
        for j in (i, i + 1):
            if 0 <= j < len(lines):
                m2 = re.search(r"self\.(\w+)", lines[j])
                if m2:
                    attr = m2.group(1)
                    break
        res[wire] = (attr, anns.get(attr))
    _ALI_FIELD_CACHE[cls] = res
    return res


def _ali_model_fields(cls, out, seen):
    name = cls.__name__
    if name in seen:
        return
    seen.add(name)
    fields = []
    for wire, (attr, ann) in _ali_fields(cls).items():
        ann_s = ann if isinstance(ann, str) or ann is None else getattr(ann, "__name__", str(ann))
        fields.append({"wire_name": wire, "python_type": ann_s, "attr": attr})
        for t in re.findall(r"main_models\.(\w+)", ann_s or ""):
            sub = getattr(ali_vpc_models, t, None)
            if sub is not None and issubclass(sub, DaraModel):
                _ali_model_fields(sub, out, seen)
    out[name] = fields


def models():
    hw = {}
    seen = set()
    for op in HUAWEI_OPERATIONS:
        for suffix in ("Request", "Response"):
            _hw_model_fields(getattr(hw_cfw, op + suffix), hw, seen)
    ali = {}
    seen = set()
    for op in ALIBABA_OPERATIONS:
        for suffix in ("Request", "Response"):
            _ali_model_fields(getattr(ali_vpc_models, op + suffix), ali, seen)
    return {"huawei": hw, "alibaba": ali}


# ---------------------------------------------------------------------------

def handle(msg):
    cmd = msg.get("cmd")
    if cmd == "regions":
        return {"huawei": huawei_regions(), "alibaba": alibaba_regions(), "versions": versions(),
                "error": None}
    if cmd == "models":
        out = models()
        out["error"] = None
        return out
    if cmd == "versions":
        return {"versions": versions(), "error": None}
    if cmd == "verify":
        return verify(msg)
    if cmd is not None:
        raise ValueError("unknown cmd %r" % cmd)
    vendor = msg.get("vendor")
    if vendor == "huawei":
        return huawei_request(msg)
    if vendor == "alibaba":
        return alibaba_request(msg)
    raise ValueError("unknown vendor %r" % vendor)


def main():
    out = sys.stdout
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            msg = json.loads(line)
            res = handle(msg)
        except Exception as e:  # noqa: BLE001 - never crash the loop
            res = {"error": "%s: %s" % (type(e).__name__, e)}
        except Captured:
            res = {"error": "request captured outside an operation"}
        out.write(json.dumps(res, ensure_ascii=False, sort_keys=False) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
