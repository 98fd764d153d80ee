"""The engine's version, printed in every result so a result sheet can be traced to its code."""

ENGINE_VERSION = "0.1.0"
