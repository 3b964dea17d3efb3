"""Imports run one way: API and dashboard -> services -> models, with no cycle.

Every import counts, those inside functions too (they only hide a cycle). The layers are
told by a module's place (docs/architecture.md):

- entry points, free to import any layer: app configs, URL confs, management commands,
  system checks, receivers, the class loader; settings (``conf``, ``defaults``), which
  every layer reads;
- API: ``contex_oscar/api/`` (shared: errors, schema, idempotency, oscarapi's overrides),
  ``<app>/api/`` (each app's views, serializers, urls, throttles), ``contex_oscar.throttles``;
  dashboard: ``contex_oscar/dashboard/``, ``<app>/dashboard_*.py``,
  ``<app>/oscar_dashboard.py``, ``<app>/wagtail_hooks.py``;
- models: ``models.py``, model definitions, file storages, StreamField blocks and the
  accessor of the store's settings (``MODEL_MODULES``); they import only models, settings
  and plain tables of rules (statuses, kinds, warranty outcomes...);
- services: everything else.
"""

import ast
from pathlib import Path

import contex_oscar

PACKAGE = Path(contex_oscar.__file__).parent
ENTRY_POINTS = ("apps", "urls", "checks", "loading", "receivers")
SETTINGS = {"contex_oscar.conf", "contex_oscar.defaults"}
#: Modules of the model layer besides ``models.py``: model definitions, file storages,
#: StreamField blocks and the one accessor of the store's settings.
MODEL_MODULES = {
    "contex_oscar.cms.store_settings",
    "contex_oscar.cms.blocks",
    "contex_oscar.store_values",
    "contex_oscar.private_storage",
    "contex_oscar.payment.storage",
    "contex_oscar.service_center.storage",
}


def _module_name(path):
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {
    _module_name(path): path
    for path in PACKAGE.rglob("*.py")
    if "migrations" not in path.parts and "locale" not in path.parts
}


def layer(name):
    parts = name.split(".")
    last = parts[-1]
    if "management" in parts or last in ENTRY_POINTS or name == "contex_oscar":
        return "entry"
    if name in SETTINGS:
        return "settings"
    if parts[1:2] == ["api"] or "api" in parts[2:] or name == "contex_oscar.throttles":
        return "api"
    if (
        parts[1:2] == ["dashboard"]
        or last.startswith("dashboard_")
        or last in ("oscar_dashboard", "wagtail_hooks")
        or name == "contex_oscar.cms.access"  # who may open the CMS from the dashboard
        or "templatetags" in parts
    ):
        return "dashboard" if "templatetags" not in parts else "presentation"
    if last == "models" or name in MODEL_MODULES:
        return "models"
    return "services"


def _resolve(target):
    while target and target not in MODULES:
        target = target.rpartition(".")[0]
    return target or None


def imports_of(name):
    """(imported module of the package, third-party top-level names) for ``name``."""
    path = MODULES[name]
    is_package = path.name == "__init__.py"
    ours, theirs = set(), set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = name.split(".") if is_package else name.split(".")[:-1]
                parts = parts[: len(parts) - (node.level - 1)]
                base = ".".join(parts + ([base] if base else []))
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for target in targets:
            if target.split(".")[0] != "contex_oscar":
                theirs.add(target.split(".")[0])
                continue
            resolved = _resolve(target)
            if resolved and resolved != name and not name.startswith(resolved + "."):
                if resolved != "contex_oscar":
                    ours.add(resolved)
    return ours, theirs


GRAPH = {name: imports_of(name) for name in MODULES}


def test_there_is_no_import_cycle():
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in GRAPH[node][0]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in GRAPH:
        if node not in index:
            visit(node)
    assert cycles == []


def _violations(rule):
    return sorted(
        f"{name} -> {target}"
        for name, (ours, _theirs) in GRAPH.items()
        for target in ours
        if rule(layer(name), layer(target))
    )


def test_services_and_models_never_import_the_api_or_the_dashboard():
    assert (
        _violations(
            lambda source, target: (
                source in ("services", "models") and target in ("api", "dashboard", "entry")
            )
        )
        == []
    )


def _tables():
    """Modules of plain rules and tables (statuses, kinds, warranty outcomes...): they touch
    no database and no framework and import only other such modules."""
    frameworks = {"oscar", "oscarapi", "rest_framework", "wagtail", "haystack"}
    tables = {
        name
        for name, (ours, theirs) in GRAPH.items()
        if layer(name) == "services"
        and not theirs & frameworks
        and "django.db" not in MODULES[name].read_text(encoding="utf-8")
    }
    while True:
        keep = {name for name in tables if GRAPH[name][0] <= tables | SETTINGS}
        if keep == tables:
            return tables
        tables = keep


def test_models_import_only_models_and_tables():
    tables = _tables()
    assert (
        sorted(
            f"{name} -> {target}"
            for name, (ours, _theirs) in GRAPH.items()
            if layer(name) == "models"
            for target in ours
            if layer(target) not in ("models", "settings") and target not in tables
        )
        == []
    )


def test_the_api_and_the_dashboard_do_not_import_each_other():
    assert _violations(lambda source, target: {source, target} == {"api", "dashboard"}) == []


def test_only_the_api_uses_django_rest_framework():
    users = sorted(
        name
        for name, (_ours, theirs) in GRAPH.items()
        if {"rest_framework", "oscarapi"} & theirs and layer(name) not in ("api", "entry")
    )
    assert users == []


API_MODULES = ("api", "views", "serializers", "throttles")  # an app root never has these


def test_every_app_lays_out_its_api_one_way():
    """An app's API lives in ``<app>/api/`` (views, serializers, urls, throttles), never
    beside its services as ``api.py``, ``api_views.py`` or ``serializers.py``."""
    root = Path(contex_oscar.__file__).parent
    astray = sorted(
        str(path.relative_to(root))
        for app in root.iterdir()
        if (app / "apps.py").exists() and app.name != "api"
        for path in app.glob("*.py")
        if path.stem.startswith("api_") or path.stem in API_MODULES
    )
    assert astray == []
