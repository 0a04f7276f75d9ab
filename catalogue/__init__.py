"""Procedures, clips and the Thai question matcher."""
