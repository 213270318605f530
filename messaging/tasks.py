from celery import shared_task


@shared_task(name="messaging.worker_sweep", ignore_result=True)
def worker_sweep() -> None:
    """The nudge: sweep now (what it sends is whatever the database says is due)."""
    from messaging.worker import worker_sweeps_run

    worker_sweeps_run()
