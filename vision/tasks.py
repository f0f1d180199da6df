import os
import socket

from celery import shared_task


@shared_task(soft_time_limit=20, time_limit=30)
def ping() -> dict:
    """Answer with where the task ran, so a caller can tell a real worker from eager mode."""
    return {"pong": True, "pid": os.getpid(), "host": socket.gethostname()}
