from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "customers"
    verbose_name = "Customers and measurements"

    def ready(self):
        from common.row_counts import row_counted
        from customers.models import Customer

        row_counted(Customer)  # the customer list's count (common.row_counts)
