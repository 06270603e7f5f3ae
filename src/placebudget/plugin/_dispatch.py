"""Choosing the importer or report format for a file by its suffix (or by name), reading
through importers in turn, and writing reports through a temporary file."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from placebudget.errors import (
    PlaceBudgetError,
    PluginError,
    UnknownReferenceError,
    ValidationError,
)
from placebudget.plugin._discovery import Provided, S, signal_exit
from placebudget.plugin.specs import ImporterSpec, ReporterSpec

__all__ = ["FileDispatch"]


class FileDispatch:
    """Lookups by name and by file suffix over the specs a registry collected; mixed
    into :class:`~placebudget.plugin.PluginRegistry`."""

    def importers(self) -> Mapping[str, Provided[ImporterSpec]]:  # pragma: no cover
        raise NotImplementedError

    def reporters(self) -> Mapping[str, Provided[ReporterSpec]]:  # pragma: no cover
        raise NotImplementedError

    def _fail(self, name: str, distribution: str, error: str) -> None:  # pragma: no cover
        raise NotImplementedError

    def theme_specs(self) -> dict[str, Any]:  # pragma: no cover
        raise NotImplementedError

    @staticmethod
    def _pick(what: str, available: Mapping[str, Provided[S]], name: str, path: str) -> S:
        provided = available.get(name)
        if provided is None:
            known = ", ".join(available) or "none installed"
            msg = f"unknown {what} (available: {known})"
            raise UnknownReferenceError.single(path, msg, name)
        return provided.spec

    def importer(self, name: str) -> ImporterSpec:
        """The importer called ``name``."""
        return self._pick("importer", self.importers(), name, "importer")

    def write_report(
        self, spec: ReporterSpec, results: Any, path: str | os.PathLike[str], **options: Any
    ) -> None:
        """Write the report of ``results`` (:class:`~placebudget.engine.results.Results`,
        computed once by :func:`placebudget.engine.compute_results`) with ``spec``'s writer
        through a temporary file beside ``path``, renamed onto it only when the writer
        succeeds: a failing writer, built in or a plugin's, leaves any earlier report
        untouched and no partial file. An option (``values_only``) that is ``None`` is not
        passed, and one the writer does not take is refused before anything is written.

        A writer of the earlier signature, ``write(result, path, *, evaluation=None,
        uncertainty=None)`` (it takes an ``evaluation`` or ``uncertainty`` keyword), is
        given the appraisal and those results, with a :class:`DeprecationWarning`.

        Raises
        ------
        placebudget.errors.PluginError
            A plugin's writer raised something other than a placebudget error, or it
            cannot take an option given.
        """
        from placebudget.io import atomic_write_path

        given = {key: value for key, value in options.items() if value is not None}
        taken = _keywords(spec.write)
        legacy = taken is not None and bool({"evaluation", "uncertainty"} & taken)
        if legacy:
            import warnings

            warnings.warn(
                f"the {spec.name!r} report format's writer takes the appraisal "
                "and evaluation/uncertainty keywords; a writer now takes the "
                "results (write(results, path)): the old signature goes in "
                "placebudget 0.2",
                DeprecationWarning,
                stacklevel=2,
            )
            context = {"evaluation": results.evaluation, "uncertainty": results.uncertainty}
            given |= {key: value for key, value in context.items() if value is not None}
        refused = sorted(set(given) - taken) if taken is not None else []
        if refused:
            msg = (
                f"the {spec.name!r} report format cannot show {', '.join(refused)} "
                f"(its writer takes no such keyword); {os.fspath(path)} was not written"
            )
            raise PluginError(msg)
        with atomic_write_path(path) as tmp:
            try:
                spec.write(results.appraisal if legacy else results, tmp, **given)
            except PlaceBudgetError:
                raise
            except (Exception, SystemExit) as exc:  # a writer's exit is a failure too
                if signal_exit(exc):  # SIGTERM: end the run, as it asks
                    raise
                msg = (
                    f"the {spec.name!r} report format failed ({type(exc).__name__}: "
                    f"{exc}); {os.fspath(path)} was not changed"
                )
                raise PluginError(msg) from exc

    def reporter_for(
        self, path: str | os.PathLike[str] | None = None, *, format: str | None = None
    ) -> ReporterSpec:
        """The reporter named ``format``, or else the one writing ``path``'s suffix."""
        if format is not None:
            return self._pick("report format", self.reporters(), format, "format")
        if path is None:
            msg = "give a report file or a format"
            raise ValueError(msg)
        suffix = Path(path).suffix.lower()
        for provided in self.reporters().values():
            if provided.spec.suffix == suffix:
                return provided.spec
        known = ", ".join(f"{p.spec.suffix} ({name})" for name, p in self.reporters().items())
        msg = f"no report format writes {suffix or 'files without a suffix'} (available: {known})"
        raise ValidationError.single(path="output", message=msg, value=str(path))

    def importers_for(self, path: str | os.PathLike[str], kind: str) -> list[ImporterSpec]:
        """Every importer reading ``kind`` from a file with ``path``'s suffix, by name.

        Raises
        ------
        placebudget.errors.ValidationError
            No installed importer reads that suffix; the message lists those that exist.
        """
        suffix = Path(path).suffix.lower()
        candidates = [
            p.spec
            for p in self.importers().values()
            if p.spec.kind == kind and suffix in p.spec.suffixes
        ]
        if not candidates:
            known = ", ".join(self.suffixes(kind))
            msg = (
                f"no importer reads {kind} from {suffix or 'files without a suffix'} "
                f"(readable: {known or 'none'})"
            )
            raise ValidationError.single(path="path", message=msg, value=str(path))
        return candidates

    def importer_for(self, path: str | os.PathLike[str], kind: str) -> ImporterSpec:
        """The first importer (by name) reading ``kind`` from ``path``'s suffix; see
        :meth:`load` to try each of them."""
        return self.importers_for(path, kind)[0]

    def suffixes(self, kind: str) -> list[str]:
        """File suffixes the installed importers of ``kind`` read, sorted."""
        return sorted(
            {s for p in self.importers().values() if p.spec.kind == kind for s in p.spec.suffixes}
        )

    def load(
        self,
        path: str | os.PathLike[str],
        kind: str,
        *,
        importer: str | None = None,
        **options: Any,
    ) -> Any:
        """Read ``kind`` (``"case"``, ``"unit_costs"`` or ``"actuals"``) from ``path``.

        With ``importer`` that importer reads the file. Otherwise every importer of
        ``kind`` that reads the file's suffix is tried in name order and the first that
        reads it without a :class:`~placebudget.errors.ValidationError` wins — so a plugin
        reading its own ``.xlsx`` layout and the built-in Unit Cost Database reader can be
        installed together. When none can read it, the error lists what each one found,
        under the importer's name.

        A case importer is called with ``themes`` (the installed themes by name, see
        :meth:`~placebudget.plugin.PluginRegistry.theme_specs`) to expand a case's
        ``theme`` key, unless ``options`` give their own.
        """
        if kind == "case":
            options.setdefault("themes", self.theme_specs())
        from placebudget.io.limits import check_input_file

        # every importer, built in or a plugin, reads only a regular file within the limit
        check_input_file(path, field=kind)
        if importer is not None:
            spec = self.importer(importer)
            if spec.kind != kind:
                msg = f"reads {spec.kind}, not {kind}"
                raise ValidationError.single(path="importer", message=msg, value=importer)
            return spec.load(path, **options)
        candidates = self.importers_for(path, kind)
        failures: list[ValidationError] = []
        for spec in candidates:
            try:
                return spec.load(path, **options)
            except ValidationError as exc:
                if len(candidates) == 1:
                    raise
                failures.append(exc.prefixed(f"importer[{spec.name!r}]"))
            except (Exception, SystemExit) as exc:
                if signal_exit(exc):  # SIGTERM: end the run, as it asks
                    raise
                # a broken importer (a plugin's) is reported and skipped: the next reads
                provider = self.importers()[spec.name].plugin
                self._fail(
                    provider.name,
                    provider.distribution,
                    f"importer {spec.name!r} raised {type(exc).__name__}: {exc}",
                )
                failures.append(
                    ValidationError.single(
                        path=f"importer[{spec.name!r}]",
                        message=f"failed ({type(exc).__name__}: {exc})",
                        value=os.fspath(path),
                    )
                )
        context = f"no importer could read {kind} from {os.fspath(path)}"
        raise ValidationError.merge(failures, context=context) from failures[-1]

    def read_unit_costs(self, path: str | os.PathLike[str]) -> Any:
        """A unit cost database read from ``path`` by the installed importers (see
        :meth:`load`)."""
        return self.load(path, "unit_costs")

    def unit_cost_loaders(self) -> dict[str, Any]:
        """File suffix → reader of unit cost database files, for
        :func:`placebudget.reference.unit_costs`."""
        return dict.fromkeys(self.suffixes("unit_costs"), self.read_unit_costs)


def _keywords(function: Any) -> set[str] | None:
    """The keyword arguments ``function`` takes, or ``None`` when it takes any."""
    import inspect

    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return None
    if any(p.kind is p.VAR_KEYWORD for p in parameters):
        return None
    return {p.name for p in parameters if p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD)}
