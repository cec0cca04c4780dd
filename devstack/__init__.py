"""The whole desk on one machine: moto as AWS, the Chalice API, an SMTP listener, an outbox.

Used by `make run` and by the integration, functional and end-to-end tests, so what the tests
exercise is what an operator runs. Not shipped to Lambda.
"""
