"""What the desk tells operators (Powertools): JSON logs with the Lambda context and a correlation
id (the ticket, or the SES message) on every entry point, CloudWatch metrics in EMF for what the
business counts, and X-Ray traces of each handler.

Only what is used is loaded, and only when first used: the Tracer (it imports the X-Ray SDK and
patches botocore, a quarter of a second) is built by the first traced invocation, so the API
function, which every request cold-starts and which traces nothing itself, never pays for it."""

from __future__ import annotations

import functools
import logging
import threading
import warnings
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools.logging import Logger
from aws_lambda_powertools.metrics import Metrics, MetricUnit, single_metric

if TYPE_CHECKING:
    from aws_lambda_powertools.tracing import Tracer

SERVICE = "resolution-center"
logger = Logger(service=SERVICE)
NAMESPACE = "ResolutionCenter"
metrics = Metrics(namespace=NAMESPACE, service=SERVICE)
_tracers: list[Tracer] = []
_tracer_lock = threading.Lock()

# The services log through the standard library (they know nothing of Lambda); their records take
# the same JSON form, with the correlation id, through the Powertools handler.
_desk_loggers = logging.getLogger("chalicelib")
if not _desk_loggers.handlers:
    _desk_loggers.addHandler(logger.registered_handler)
    _desk_loggers.setLevel(logger.log_level)
    _desk_loggers.propagate = False

# A request or a sweep that counted nothing is normal, not worth a warning per invocation.
warnings.filterwarnings("ignore", message="No application metrics to publish")

Handler = Callable[[Any, Any], Any]


def tracer() -> Tracer:
    """The one Tracer, on first use. It patches botocore only: the one library the desk calls
    out through (by default it would patch every library X-Ray knows, importing each)."""
    with _tracer_lock:
        if not _tracers:
            from aws_lambda_powertools.tracing import Tracer

            _tracers.append(Tracer(service=SERVICE, patch_modules=("botocore",)))
        return _tracers[0]


def count(name: str, value: float = 1, **dimensions: str) -> None:
    """Add to a business metric (TicketsOpened, AcknowledgementsSent, SlaBreaches, Escalations,
    RemediesGranted, …); zero is not worth a line."""
    if not value:
        return
    if dimensions:
        with single_metric(name=name, unit=MetricUnit.Count, value=value, namespace=NAMESPACE,
                           default_dimensions={"service": SERVICE}) as metric:
            for key, dimension in dimensions.items():
                metric.add_dimension(name=key, value=dimension)
        return
    metrics.add_metric(name=name, unit=MetricUnit.Count, value=value)


def measure(name: str, value: float, unit: MetricUnit = MetricUnit.Seconds) -> None:
    """Record a measured value (a resolution time, …): CloudWatch keeps its statistics."""
    metrics.add_metric(name=name, unit=unit, value=value)


def entry_point(correlation: Callable[[Any], str | None]) -> Callable[[Handler], Handler]:
    """Wrap a Lambda handler: correlation id, Lambda context in the logs (when Lambda gives one;
    the local stack and tests call handlers without), metrics flushed at the end, a trace."""

    def decorate(handler: Handler) -> Handler:
        @functools.wraps(handler)
        def correlated(event: Any, context: Any) -> Any:
            logger.set_correlation_id(correlation(event))  # after the context is injected
            return handler(event, context)

        counted = metrics.log_metrics(correlated)
        traced: list[Handler] = []

        def measured(event: Any, context: Any) -> Any:
            if not traced:
                traced.append(tracer().capture_lambda_handler(counted))
            return traced[0](event, context)

        with_context = logger.inject_lambda_context(measured, clear_state=True)

        @functools.wraps(handler)
        def run(event: Any, context: Any) -> Any:
            if context is not None and hasattr(context, "function_name"):
                return with_context(event, context)
            return measured(event, context)

        return run

    return decorate


def flush() -> None:
    """End of an API request: write the metrics it added (the API handler is one long-lived
    function, so this is done per request rather than per invocation decorator)."""
    if metrics.metric_set:
        metrics.flush_metrics()
