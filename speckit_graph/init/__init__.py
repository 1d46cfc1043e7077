"""Onboarding: surveying an unknown repository and proposing its configuration."""
