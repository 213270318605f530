from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "customers"
    verbose_name = "Customers and measurements"

    def ready(self):
        from common.row_counts import row_counted
        from customers.models import Customer

        # The customer list's count, and the version a search's results are kept for (common.row_counts).
        row_counted(Customer, versioned=True)
