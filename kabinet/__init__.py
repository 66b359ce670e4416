"""Kabinet: a service desk for corporate software support run under SLAs."""
