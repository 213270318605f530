"""Benchmark aid: count the SQL queries of each request and report them in `X-Query-Count`.

Enabled only when the environment says BENCH_COUNT_QUERIES=1 (see config/settings/base.py);
`make bench` sets it on the gunicorn it starts. Never enabled in production.
"""

from django.db import connections


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        connection = connections["default"]
        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Query-Count"] = str(count)
        return response
