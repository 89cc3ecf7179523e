"""Settings files (.env, YAML, JSON, TOML), recordings, agent configs and platform declarations."""
