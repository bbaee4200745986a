"""Imported by a batch's fork server (gen.build.build_many): the system's fonts are searched once,
before the workers fork, instead of once in every worker (about 0.05 s each). The search starts no
thread, so forking after it is safe; Typst's own threads start only when a worker compiles."""

from gen.render.typeset import system_fonts

system_fonts()
