# The knowledge base arrives with the help-centre issue; this app is its shell.
