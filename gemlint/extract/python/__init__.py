"""Python sources: the ast walk, value flow, platforms, test doubles."""
