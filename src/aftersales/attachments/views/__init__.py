"""Web screens of 附件: the ticket page's photo panel, upload, delete and the scoped file view."""
