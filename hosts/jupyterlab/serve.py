#!/usr/bin/python3
"""Serves afkit's JupyterLab 4 front end (built by build.mjs) with Debian's jupyter_server.

Run with /usr/bin/python3, whose dist-packages hold jupyter_server, jupyterlab_server and ipykernel:

    /usr/bin/python3 hosts/jupyterlab/serve.py --port 8888 --facility-url URL --facility-token TOKEN

Every option also reads an environment variable (see ``--help``). Options the launcher does not know,
such as ``--ServerApp.disable_check_xsrf=True``, go to jupyter_server unchanged.
"""

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from jupyterlab_server import LabServerApp
from traitlets import Dict

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
BUILD = HERE / "build"
DEFAULT_LABEXTENSION = REPO / "extensions" / "jupyterlab" / "afkit_jupyterlab" / "labextension"


class AfkitLabApp(LabServerApp):
    """A LabServerApp that serves the assets of hosts/jupyterlab/build and extra page config."""

    name = "afkit_lab"
    app_name = "JupyterLab"
    extension_url = "/lab"
    default_url = "/lab"
    # Only this app: a stray server extension on the machine must not change what tests see.
    load_other_extensions = False

    extra_page_config = Dict(help="Entries merged into the page config (afkitFacilityUrl, ...).").tag(config=True)

    def initialize_settings(self):
        super().initialize_settings()
        self.app_version = json.loads((BUILD / "build.json").read_text())["jupyterlab"]
        # LabHandler starts from the web app's `page_config_data`; ExtensionApp copies these settings there.
        self.settings.setdefault("page_config_data", {}).update(self.extra_page_config)


def _jupyter_server_extension_points():
    # jupyter_server finds the app to start through this hook of the app's top-level module.
    return [{"module": __name__, "app": AfkitLabApp}]


def _read_package(folder: Path) -> dict:
    return json.loads((folder / "package.json").read_text())


def _labextensions_dir(state_dir: Path, folders: list) -> Path:
    """jupyterlab_server finds prebuilt extensions as <dir>/<package name>/package.json: link each there."""
    root = state_dir / "labextensions"
    shutil.rmtree(root, ignore_errors=True)
    for folder in folders:
        folder = Path(folder).resolve()
        if not (folder / "package.json").exists():
            print(f"serve.py: no prebuilt extension at {folder}; build it with `npm run build -w afkit-jupyterlab`", file=sys.stderr)
            continue
        link = root / _read_package(folder)["name"]
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(folder, target_is_directory=True)
    return root


def _parse(argv: list):
    env = os.environ.get
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=int(env("AFKIT_JUPYTERLAB_PORT", "8888")), help="env AFKIT_JUPYTERLAB_PORT; 0 picks a free port")
    parser.add_argument("--token", default=env("AFKIT_JUPYTERLAB_TOKEN"), help="env AFKIT_JUPYTERLAB_TOKEN; a random one by default")
    parser.add_argument("--notebook-dir", default=env("AFKIT_NOTEBOOK_DIR", os.getcwd()), help="env AFKIT_NOTEBOOK_DIR; the current folder by default")
    parser.add_argument("--state-dir", default=env("AFKIT_JUPYTERLAB_STATE_DIR"), help="env AFKIT_JUPYTERLAB_STATE_DIR: user settings and workspaces; a temporary folder by default")
    parser.add_argument("--facility-url", default=env("AFKIT_FACILITY_URL", ""), help="env AFKIT_FACILITY_URL: page config afkitFacilityUrl")
    parser.add_argument("--facility-token", default=env("AFKIT_FACILITY_TOKEN", ""), help="env AFKIT_FACILITY_TOKEN: page config afkitFacilityToken")
    parser.add_argument("--page-config", default=env("AFKIT_PAGE_CONFIG", "{}"), help="env AFKIT_PAGE_CONFIG: a JSON object merged into the page config")
    parser.add_argument("--labextension", action="append", default=None, help="a prebuilt extension folder (repeatable); the afkit extension by default")
    return parser.parse_known_args(argv)


def main(argv: list) -> None:
    args, server_args = _parse(argv)
    if not (BUILD / "static" / "index.html").exists():
        sys.exit("serve.py: the front end is not built; run `npm run build -w @afkit/jupyterlab-host`")

    temporary = args.state_dir is None
    state_dir = Path(tempfile.mkdtemp(prefix="afkit-jupyterlab-") if temporary else args.state_dir).resolve()
    state_dir.mkdir(parents=True, exist_ok=True)
    labextensions = _labextensions_dir(state_dir, args.labextension or [DEFAULT_LABEXTENSION])

    page_config = json.loads(args.page_config)
    if args.facility_url:
        page_config["afkitFacilityUrl"] = args.facility_url
    if args.facility_token:
        page_config["afkitFacilityToken"] = args.facility_token

    config = [
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={args.port}",
        "--ServerApp.port_retries=0",
        "--ServerApp.open_browser=False",
        f"--ServerApp.root_dir={Path(args.notebook_dir).resolve()}",
        f"--AfkitLabApp.static_dir={BUILD / 'static'}",
        f"--AfkitLabApp.templates_dir={BUILD / 'static'}",
        f"--AfkitLabApp.schemas_dir={BUILD / 'schemas'}",
        f"--AfkitLabApp.themes_dir={BUILD / 'themes'}",
        f"--AfkitLabApp.app_settings_dir={BUILD / 'settings'}",
        f"--AfkitLabApp.user_settings_dir={state_dir / 'user-settings'}",
        f"--AfkitLabApp.workspaces_dir={state_dir / 'workspaces'}",
        f"--AfkitLabApp.labextensions_path={labextensions}",
    ]
    # traitlets reads a Dict from the command line one key=value at a time; values stay strings, which
    # is how the front end's PageConfig reads them anyway.
    config += [f"--AfkitLabApp.extra_page_config={key}={value if isinstance(value, str) else json.dumps(value)}" for key, value in page_config.items()]
    if os.geteuid() == 0:
        # CI machines and containers run as root; jupyter_server refuses that unless told.
        config.append("--ServerApp.allow_root=True")
    if args.token is not None:
        config.append(f"--ServerApp.token={args.token}")
    try:
        AfkitLabApp.launch_instance(config + server_args)
    finally:
        if temporary:
            shutil.rmtree(state_dir, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
