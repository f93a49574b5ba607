"""The panels of the Meetings page (desk.ui.pages.meetings), one a module."""
