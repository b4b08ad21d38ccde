"""python -m localcognito [--port N] [--host 127.0.0.1]

Serves moto plus localcognito's handlers in the foreground. The first line on stdout is
`listening on http://HOST:PORT` (flushed), once the socket is bound; port 0 (the default)
picks a free port. SIGTERM and SIGINT stop it cleanly (exit status 0). Request logs go to
stderr. moto's request recorder writes to $MOTO_RECORDER_FILEPATH, by default a file in
the temporary directory.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="localcognito", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", "-p", type=int, default=0, help="port to bind (default: a free one)")
    parser.add_argument("--host", "-H", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    args = parser.parse_args(argv)

    # moto's request recorder (/moto-api/recorder/) writes to ./moto_recording unless told
    # otherwise; keep it out of whatever directory the launcher was started in.
    own_recording = None
    if "MOTO_RECORDER_FILEPATH" not in os.environ:
        own_recording = os.path.join(tempfile.gettempdir(), f"localcognito-{os.getpid()}-recording.jsonl")
        os.environ["MOTO_RECORDER_FILEPATH"] = own_recording

    import werkzeug.serving
    from werkzeug.serving import make_server

    from moto.server import MotoRequestHandler

    from . import make_app

    werkzeug.serving._log_add_style = False  # plain request log lines, no ANSI colours
    app = make_app()
    server = make_server(args.host, args.port, app, threaded=True, request_handler=MotoRequestHandler)

    def stop(signum, frame):  # raised in the main thread, out of serve_forever
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"listening on http://{args.host}:{server.server_port}", flush=True)
    try:
        server.serve_forever()
    except SystemExit:
        pass
    finally:
        server.server_close()
        if own_recording and os.path.exists(own_recording):
            os.remove(own_recording)
    return 0


if __name__ == "__main__":
    sys.exit(main())
