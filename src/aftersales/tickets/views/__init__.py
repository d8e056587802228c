"""Web screens of tickets (namespace ``tickets``): workbench, ticket page, field view."""
